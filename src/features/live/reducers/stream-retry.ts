import type { EventReducer } from './reducer-types';

/** The model stream broke and is being restarted; cleared when text flows again. */
export const reduceStreamRetry: EventReducer<'stream_retry'> = (session, event) => ({
  ...session,
  retry: { attempt: event.attempt, maxRestarts: event.max_restarts, reason: event.reason },
});
