import { timestampMs } from '../envelope';
import type { EventOf } from '../event-schemas';
import type { PresentLimits, RunningTool, SessionPresent, ToolOutputPart } from './present-state';

// What the tool_* events do to the running calls: how a call is identified, and
// how the byId/ids pair is replaced without mutation.

/** `tool_call_id` when the producer sent one, else the tool name (enough for one call of a tool at a time). */
export function toolKey(toolCallId: string | undefined, name: string): string {
  return toolCallId ?? `name:${name}`;
}

/**
 * The running call an event refers to. An event without an id (allowed on
 * start/complete) matches the call started without one under that tool name,
 * else the oldest call of that name: a producer that names no ids completes
 * what it started, and that choice does not hang on which calls a browser saw first.
 */
export function findToolKey(present: SessionPresent, toolCallId: string | undefined, name: string): string | null {
  if (toolCallId !== undefined) return present.tools.byId.has(toolCallId) ? toolCallId : null;
  const unnamed = toolKey(undefined, name);
  if (present.tools.byId.has(unnamed)) return unnamed;
  return present.tools.ids.find((key) => present.tools.byId.get(key)?.name === name) ?? null;
}

function newRunningTool(key: string, name: string): RunningTool {
  return { key, name, arguments: '', startedMs: null, elapsedSecs: 0, heartbeatMs: null, output: [], metadata: undefined, start: null, heartbeat: null };
}

function putTool(present: SessionPresent, tool: RunningTool): SessionPresent {
  const known = present.tools.byId.has(tool.key);
  return {
    ...present,
    tools: { byId: new Map(present.tools.byId).set(tool.key, tool), ids: known ? present.tools.ids : [...present.tools.ids, tool.key] },
  };
}

function removeTool(present: SessionPresent, key: string): SessionPresent {
  const byId = new Map(present.tools.byId);
  byId.delete(key);
  return { ...present, tools: { byId, ids: present.tools.ids.filter((id) => id !== key) } };
}

/** Appends `chunk` to the output, joining a run of one stream, keeping only the last `maxChars` characters. */
export function appendOutputTail(output: readonly ToolOutputPart[], chunk: ToolOutputPart, maxChars: number): ToolOutputPart[] {
  const last = output.at(-1);
  const joined =
    last && last.stream === chunk.stream ? [...output.slice(0, -1), { ...chunk, text: last.text + chunk.text }] : [...output, chunk];
  let excess = joined.reduce((sum, part) => sum + part.text.length, 0) - maxChars;
  while (excess > 0 && joined.length > 0) {
    const first = joined[0]!;
    if (first.text.length <= excess) {
      joined.shift();
      excess -= first.text.length;
    } else {
      joined[0] = { ...first, text: first.text.slice(excess) };
      excess = 0;
    }
  }
  return joined;
}

export function startTool(present: SessionPresent, event: EventOf<'tool_call_start'>): SessionPresent {
  const key = toolKey(event.tool_call_id, event.name);
  // A heartbeat may have arrived first (joined mid-call): keep what it told us.
  const existing = present.tools.byId.get(key) ?? newRunningTool(key, event.name);
  const started = putTool(present, { ...existing, name: event.name, arguments: event.arguments, startedMs: timestampMs(event.ts), start: event });
  // A tool call is a new turn.
  return started.end === null ? started : { ...started, end: null };
}

/** The call is over: it leaves the running set (its result is in the event, kept in the timeline). */
export function completeTool(present: SessionPresent, event: EventOf<'tool_call_complete'>): SessionPresent {
  const key = findToolKey(present, event.tool_call_id, event.name);
  return key === null ? present : removeTool(present, key);
}

/** The call is still running. A heartbeat for a call never seen to start (joined mid-call) adds it. */
export function beatTool(present: SessionPresent, event: EventOf<'tool_heartbeat'>): SessionPresent {
  const tool = present.tools.byId.get(event.tool_call_id) ?? newRunningTool(event.tool_call_id, event.name);
  return putTool(present, { ...tool, elapsedSecs: event.elapsed_secs, heartbeatMs: timestampMs(event.ts), heartbeat: event });
}

export function appendToolOutput(present: SessionPresent, event: EventOf<'tool_output_chunk'>, limits: PresentLimits): SessionPresent {
  const tool = present.tools.byId.get(event.tool_call_id) ?? newRunningTool(event.tool_call_id, event.name);
  const output = appendOutputTail(tool.output, { stream: event.stream, text: event.chunk, last: event }, limits.toolOutputTailChars);
  return putTool(present, { ...tool, output });
}

/** Metadata about a running call (e.g. the command line); ignored once the call is over. */
export function describeTool(present: SessionPresent, event: EventOf<'tool_call_metadata'>): SessionPresent {
  const tool = present.tools.byId.get(event.tool_call_id);
  return tool ? putTool(present, { ...tool, metadata: event.metadata }) : present;
}
