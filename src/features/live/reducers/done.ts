import type { EventReducer } from './reducer-types';
import { endActivity } from './session-live';

/** The turn finished: nothing runs any more. The status itself is server data (SessionSummary.status). */
export const reduceDone: EventReducer<'done'> = (session) => ({ ...endActivity(session), ended: 'done' });
