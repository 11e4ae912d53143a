import type { EventReducer } from './reducer-types';

/** Failed compactions end too; the failure itself is in `recent` for the timeline. */
export const reduceCompactionFailed: EventReducer<'compaction_failed'> = (session, event) =>
  session.compaction?.traceId === event.trace_id ? { ...session, compaction: null } : session;
