import { timestampMs } from '../../../protocol/envelope';
import type { EventReducer } from './reducer-types';
import { newRunningTool, putTool, toolKey } from './tool-state';

export const reduceToolCallStart: EventReducer<'tool_call_start'> = (session, event) => {
  const key = toolKey(event.tool_call_id, event.name);
  // A heartbeat may have arrived first (joined mid-call): keep what it told us.
  const existing = session.tools.byId.get(key) ?? newRunningTool(key, event.name);
  const started = putTool(session, { ...existing, name: event.name, arguments: event.arguments, startedMs: timestampMs(event.ts) });
  return started.ended === null ? started : { ...started, ended: null };
};
