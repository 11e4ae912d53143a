import type { EventReducer } from './reducer-types';
import { putTool } from './tool-state';

/** Metadata about a running call (e.g. the command line); ignored once the call is over. */
export const reduceToolCallMetadata: EventReducer<'tool_call_metadata'> = (session, event) => {
  const tool = session.tools.byId.get(event.tool_call_id);
  return tool ? putTool(session, { ...tool, metadata: event.metadata }) : session;
};
