import { timestampMs } from '../../../protocol/envelope';
import type { EventReducer } from './reducer-types';
import { newRunningTool, putTool } from './tool-state';

/** The call is still running. A heartbeat for a call we never saw start (joined mid-call) adds it. */
export const reduceToolHeartbeat: EventReducer<'tool_heartbeat'> = (session, event) => {
  const tool = session.tools.byId.get(event.tool_call_id) ?? newRunningTool(event.tool_call_id, event.name);
  return putTool(session, { ...tool, elapsedSecs: event.elapsed_secs, heartbeatMs: timestampMs(event.ts) });
};
