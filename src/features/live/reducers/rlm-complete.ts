import type { EventReducer } from './reducer-types';

/** The RLM run is over; only its own trace is cleared (another may have started since). */
export const reduceRlmComplete: EventReducer<'rlm_complete'> = (session, event) =>
  session.rlm?.traceId === event.trace_id ? { ...session, rlm: null } : session;
