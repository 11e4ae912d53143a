import type { RunningTool, SessionLive } from '../live-types';

// Helpers shared by the tool_* reducers: how a tool call is identified and
// how the byId/ids pair is updated without mutation.

/** `tool_call_id` when the producer sent one, else the tool name (enough for one call of a tool at a time). */
export function toolKey(toolCallId: string | undefined, name: string): string {
  return toolCallId ?? `name:${name}`;
}

/**
 * The running tool an event refers to. An event without an id (allowed on
 * start/complete) matches the oldest running call of that tool name.
 */
export function findToolKey(session: SessionLive, toolCallId: string | undefined, name: string): string | null {
  if (toolCallId !== undefined) return session.tools.byId.has(toolCallId) ? toolCallId : null;
  return session.tools.ids.find((key) => session.tools.byId.get(key)?.name === name) ?? null;
}

export function newRunningTool(key: string, name: string): RunningTool {
  return { key, name, arguments: '', startedMs: null, elapsedSecs: 0, heartbeatMs: null, output: [], metadata: undefined };
}

export function putTool(session: SessionLive, tool: RunningTool): SessionLive {
  const known = session.tools.byId.has(tool.key);
  return {
    ...session,
    tools: {
      byId: new Map(session.tools.byId).set(tool.key, tool),
      ids: known ? session.tools.ids : [...session.tools.ids, tool.key],
    },
  };
}

export function removeTool(session: SessionLive, key: string): SessionLive {
  if (!session.tools.byId.has(key)) return session;
  const byId = new Map(session.tools.byId);
  byId.delete(key);
  return { ...session, tools: { byId, ids: session.tools.ids.filter((id) => id !== key) } };
}
