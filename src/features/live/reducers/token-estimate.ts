import type { EventReducer } from './reducer-types';

/** The size of the request being built, against the model's budget (a newer tick supersedes it). */
export const reduceTokenEstimate: EventReducer<'token_estimate'> = (session, event) => ({
  ...session,
  estimate: { model: event.model, request_tokens: event.request_tokens, budget: event.budget },
});
