import type { EventReducer } from './reducer-types';

/**
 * Streams the current step's text: `text` is a snapshot of the whole step and
 * replaces it, `delta` is appended. After `text_complete` a delta starts a new
 * step. Text flowing means the model is no longer thinking nor retrying.
 */
export const reduceTextChunk: EventReducer<'text_chunk'> = (session, event) => {
  const current = session.step && !session.step.complete ? session.step.text : '';
  const text = event.text ?? current + (event.delta ?? '');
  return { ...session, step: { text, complete: false }, thinking: false, retry: null, ended: null };
};
