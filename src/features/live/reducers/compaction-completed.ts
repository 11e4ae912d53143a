import type { EventReducer } from './reducer-types';

/** Ends the compaction of this trace. (On the terminal path context_truncated comes first and changes nothing here.) */
export const reduceCompactionCompleted: EventReducer<'compaction_completed'> = (session, event) =>
  session.compaction?.traceId === event.trace_id ? { ...session, compaction: null } : session;
