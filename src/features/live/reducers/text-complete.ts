import type { EventReducer } from './reducer-types';

/** The step's final text: it replaces whatever was streamed, which may have missed dropped deltas. */
export const reduceTextComplete: EventReducer<'text_complete'> = (session, event) => ({
  ...session,
  step: { text: event.text, complete: true },
  thinking: false,
  retry: null,
});
