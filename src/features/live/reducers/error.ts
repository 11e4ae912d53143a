import type { EventReducer } from './reducer-types';
import { endActivity } from './session-live';

/** The agent loop failed: like `done`, nothing is running any more. The message stays in `recent`. */
export const reduceError: EventReducer<'error'> = (session) => ({ ...endActivity(session), ended: 'error' });
