import type { EventReducer } from './reducer-types';

export const reduceCompactionStarted: EventReducer<'compaction_started'> = (session, event) => ({
  ...session,
  compaction: { traceId: event.trace_id, reason: event.reason, beforeTokens: event.before_tokens, budget: event.budget },
});
