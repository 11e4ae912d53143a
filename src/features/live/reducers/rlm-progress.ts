import type { EventReducer } from './reducer-types';

export const reduceRlmProgress: EventReducer<'rlm_progress'> = (session, event) => ({
  ...session,
  rlm: { traceId: event.trace_id, iteration: event.iteration, maxIterations: event.max_iterations, status: event.status },
});
