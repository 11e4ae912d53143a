import type { EventReducer } from './reducer-types';
import { findToolKey, removeTool } from './tool-state';

/** The call is over: it leaves the running set (its result is in the event, kept in `recent`). */
export const reduceToolCallComplete: EventReducer<'tool_call_complete'> = (session, event) => {
  const key = findToolKey(session, event.tool_call_id, event.name);
  return key === null ? session : removeTool(session, key);
};
