import type { EventReducer } from './reducer-types';

export const reducePlayBreak: EventReducer<'play_break'> = (session, event) =>
  session.paused === event.active ? session : { ...session, paused: event.active };
