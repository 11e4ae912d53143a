import type { EventReducer } from './reducer-types';

/** The thought is finished (its text is in the event itself, kept in `recent`). */
export const reduceThinkingComplete: EventReducer<'thinking_complete'> = (session) =>
  session.thinking ? { ...session, thinking: false } : session;
