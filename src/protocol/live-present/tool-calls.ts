import { timestampMs } from '../envelope';
import type { EventOf } from '../event-schemas';
import type { ActivityState } from '../session-activity';
import { toolKey } from './open-loops';
import { noTools, type PresentLimits, type RunningTool, type RunningTools, type SessionPresent, type ToolOutputPart } from './present-state';

// What the tool_* events say about the running calls (arguments, timer, output
// tail, metadata), and how the byId/ids pair is replaced without mutation.
// Which calls run is the open loops' (open-loops.ts): a call is added here only
// while they hold it, and leaves when they close it.

function newRunningTool(key: string, name: string): RunningTool {
  return { key, name, arguments: '', startedMs: null, elapsedSecs: 0, heartbeatMs: null, output: [], metadata: undefined, start: null, heartbeat: null };
}

/** The call `key` as known, or a new entry when the open loops hold it (a call joined mid-way, or just started); null when they do not (past the bound). */
function runningToolOf(present: SessionPresent, key: string, name: string): RunningTool | null {
  const known = present.tools.byId.get(key);
  if (known) return known;
  return present.loops.tools.some(([open]) => open === key) ? newRunningTool(key, name) : null;
}

function putTool(present: SessionPresent, tool: RunningTool): SessionPresent {
  const known = present.tools.byId.has(tool.key);
  return {
    ...present,
    tools: { byId: new Map(present.tools.byId).set(tool.key, tool), ids: known ? present.tools.ids : [...present.tools.ids, tool.key] },
  };
}

/** The running calls, without those the open loops no longer hold (`open`, in the same order). */
export function keepOpenTools(tools: RunningTools, open: ActivityState['tools']): RunningTools {
  if (open.length === 0) return tools.ids.length === 0 ? tools : noTools;
  if (open.length === tools.ids.length) return tools;
  const ids = open.map(([key]) => key);
  const byId = new Map<string, RunningTool>();
  for (const key of ids) {
    const tool = tools.byId.get(key);
    if (tool) byId.set(key, tool);
  }
  return { byId, ids };
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
  // A heartbeat may have arrived first (joined mid-call): keep what it told us.
  const tool = runningToolOf(present, toolKey(event.tool_call_id, event.name), event.name);
  return tool ? putTool(present, { ...tool, name: event.name, arguments: event.arguments, startedMs: timestampMs(event.ts), start: event }) : present;
}

export function beatTool(present: SessionPresent, event: EventOf<'tool_heartbeat'>): SessionPresent {
  const tool = runningToolOf(present, event.tool_call_id, event.name);
  return tool ? putTool(present, { ...tool, elapsedSecs: event.elapsed_secs, heartbeatMs: timestampMs(event.ts), heartbeat: event }) : present;
}

export function appendToolOutput(present: SessionPresent, event: EventOf<'tool_output_chunk'>, limits: PresentLimits): SessionPresent {
  const tool = runningToolOf(present, event.tool_call_id, event.name);
  if (!tool) return present;
  const output = appendOutputTail(tool.output, { stream: event.stream, text: event.chunk, last: event }, limits.toolOutputTailChars);
  return putTool(present, { ...tool, output });
}

/** Metadata about a running call (e.g. the command line); ignored once the call is over. */
export function describeTool(present: SessionPresent, event: EventOf<'tool_call_metadata'>): SessionPresent {
  const tool = present.tools.byId.get(event.tool_call_id);
  return tool ? putTool(present, { ...tool, metadata: event.metadata }) : present;
}
