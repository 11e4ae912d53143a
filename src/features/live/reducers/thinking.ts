import type { EventReducer } from './reducer-types';

/** The model is thinking: shown until text flows or the thought completes. */
export const reduceThinking: EventReducer<'thinking'> = (session) =>
  session.thinking && session.ended === null ? session : { ...session, thinking: true, ended: null };
