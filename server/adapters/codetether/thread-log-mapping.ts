import { z } from 'zod';
import { lineSeqBase, slotSeq } from './seq-slots';
import { countOf, errorTextOf, isObject, textOf, type JsonObject } from './source-values';
import type { ThreadLogMemory } from './thread-log-memory';

// One line of `<data_dir>/threads/<session_id>.jsonl` -> protocol events.
// The table in docs/codetether-mapping.md says the same thing for people.

/** `{event_id, thread_id, session_id, turn_id, kind, timestamp_ms, payload}`; extra fields are ignored. */
export const threadLogRecordSchema = z.looseObject({
  event_id: z.string().nullish(),
  session_id: z.string().nullish(),
  turn_id: z.string().nullish(),
  kind: z.string().min(1),
  timestamp_ms: z.number().int().min(0),
  payload: z.unknown().optional(),
});
export type ThreadLogRecord = z.infer<typeof threadLogRecordSchema>;

/** The tool name used for `command.*` lines (shell commands the agent ran). */
export const COMMAND_TOOL = 'command';
/** The tool name used for `patch.*` lines (edits the agent applied). */
export const PATCH_TOOL = 'patch';

type Emit = (type: string, fields?: JsonObject) => void;
type KindMapper = (payload: JsonObject, emit: Emit, line: LineContext) => void;

interface LineContext {
  record: ThreadLogRecord;
  memory: ThreadLogMemory;
}

const callIdOf = (p: JsonObject) => textOf(p.tool_call_id ?? p.item_id);
/** A JSON-encoded argument string, as `tool_call_start.arguments` wants it. */
const argumentsOf = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? {}));
const successOf = (p: JsonObject) => (typeof p.success === 'boolean' ? p.success : p.error === undefined || p.error === null);

/** The name a later line of a call should show: its own, else the one its start gave, else `fallback`. */
function callName(p: JsonObject, line: LineContext, fallback: string): string {
  if (typeof p.name === 'string' && p.name !== '') return p.name;
  return line.memory.call(callIdOf(p))?.name ?? fallback;
}

/** Its own duration when the line has one, else the time since its start line. */
function durationOf(p: JsonObject, id: string, line: LineContext): number {
  const started = line.memory.callEnded(id);
  if (typeof p.duration_ms === 'number' && p.duration_ms >= 0) return p.duration_ms;
  return started ? Math.max(0, line.record.timestamp_ms - started.startedMs) : 0;
}

function startCall(id: string, name: string, args: string, emit: Emit, line: LineContext): void {
  line.memory.callStarted(id, { name, startedMs: line.record.timestamp_ms });
  emit('tool_call_start', { tool_call_id: id, name, arguments: args });
}

/** Output of a `command.completed`: its `output`, else stdout and stderr, else the exit code. */
function commandOutput(p: JsonObject): string {
  if (p.output !== undefined && p.output !== null) return textOf(p.output);
  const streams = [p.stdout, p.stderr].filter((s): s is string => typeof s === 'string' && s !== '');
  if (streams.length > 0) return streams.join('\n');
  return p.exit_code === undefined ? '' : `exit code ${textOf(p.exit_code)}`;
}

/** Output of a `patch.completed`: the preview, else what it touched. */
function patchOutput(p: JsonObject): string {
  if (typeof p.preview === 'string' && p.preview !== '') return p.preview;
  const files = Array.isArray(p.files) ? p.files.length : 0;
  return `${files} file${files === 1 ? '' : 's'}, ${textOf(p.hunks, '0')} hunks`;
}

/** The turn's end, once: a second terminal line of the same turn (turn.done after turn.completed) adds nothing. */
function endTurn(emit: Emit, line: LineContext, finalText: string | null): void {
  const turn = line.memory.turn;
  if (turn.ended) return;
  turn.ended = true;
  // The response is usually the text the last item.completed already put in the transcript.
  if (finalText !== null && finalText !== '' && finalText !== turn.lastText) emit('text_complete', { text: finalText });
  emit('done');
}

const kindMappers: Record<string, KindMapper> = {
  'turn.started': (_p, emit, line) => {
    line.memory.startTurn(line.record.turn_id ?? null);
    emit('thinking');
  },
  'item.started': () => undefined,
  // `text` is the item's whole text so far: a snapshot, which is what text_chunk.text means.
  'item.delta': (p, emit) => emit('text_chunk', { text: textOf(p.text) }),
  'item.completed': (p, emit, line) => {
    if (typeof p.text !== 'string' || p.text === '') return;
    line.memory.turn.lastText = p.text;
    emit('text_complete', { text: p.text });
  },
  'stream.retry': (p, emit) =>
    emit('stream_retry', { attempt: Math.max(1, Math.trunc(countOf(p.attempt, 1))), max_restarts: Math.trunc(countOf(p.max_restarts)), reason: textOf(p.reason) }),
  'tool.started': (p, emit, line) => startCall(callIdOf(p), textOf(p.name, 'tool'), argumentsOf(p.arguments), emit, line),
  'tool.completed': (p, emit, line) => {
    const id = callIdOf(p);
    const name = callName(p, line, 'tool');
    emit('tool_call_complete', { tool_call_id: id, name, output: textOf(p.output), success: successOf(p), duration_ms: durationOf(p, id, line) });
  },
  'tool.metadata': (p, emit, line) => emit('tool_call_metadata', { tool_call_id: callIdOf(p), name: callName(p, line, 'tool'), metadata: p.metadata ?? null }),
  'tool.output_chunk': (p, emit, line) =>
    emit('tool_output_chunk', { tool_call_id: callIdOf(p), name: callName(p, line, 'tool'), stream: p.stream === 'stderr' ? 'stderr' : 'stdout', chunk: textOf(p.chunk) }),
  'command.started': (p, emit, line) => startCall(callIdOf(p), COMMAND_TOOL, JSON.stringify({ command: p.command ?? null, cwd: p.cwd ?? null }), emit, line),
  'command.completed': (p, emit, line) => {
    const id = callIdOf(p);
    emit('tool_call_complete', { tool_call_id: id, name: COMMAND_TOOL, output: commandOutput(p), success: successOf(p), duration_ms: durationOf(p, id, line) });
  },
  'patch.started': (p, emit, line) => startCall(textOf(p.patch_id), PATCH_TOOL, argumentsOf(p.arguments), emit, line),
  'patch.completed': (p, emit, line) => {
    const id = textOf(p.patch_id);
    // What the patch touched is worth keeping beside its output: the metadata event carries it.
    emit('tool_call_metadata', { tool_call_id: id, name: PATCH_TOOL, metadata: { files: p.files ?? [], hunks: p.hunks ?? null, approval_required: p.approval_required ?? null } });
    emit('tool_call_complete', { tool_call_id: id, name: PATCH_TOOL, output: patchOutput(p), success: successOf(p), duration_ms: durationOf(p, id, line) });
  },
  'approval.requested': (p, emit) => {
    const fields: JsonObject = {
      approval_id: textOf(p.approval_id),
      tool_call_id: callIdOf(p),
      tool: textOf(p.tool),
      action: textOf(p.action),
      resource: textOf(p.resource),
      reason: textOf(p.reason),
    };
    const amendment = p.proposed_execpolicy_amendment;
    if (Array.isArray(amendment) && amendment.every((a) => typeof a === 'string')) fields.proposed_execpolicy_amendment = amendment;
    if (Array.isArray(p.available_decisions)) fields.available_decisions = p.available_decisions;
    emit('approval_request', fields);
  },
  'turn.done': (_p, emit, line) => endTurn(emit, line, null),
  'turn.completed': (p, emit, line) => endTurn(emit, line, typeof p.response === 'string' ? p.response : null),
  'turn.failed': (p, emit, line) => {
    if (line.memory.turn.ended) return;
    line.memory.turn.ended = true;
    emit('error', { error: errorTextOf(p.error) });
  },
};

/** The kinds this adapter maps (the others are skipped and counted). */
export const mappedThreadLogKinds = Object.keys(kindMappers);

/**
 * The protocol events (not yet validated) of one thread-log record, or null for
 * a kind it does not know. seq = line * SEQ_SLOTS_PER_LINE + k: the line number
 * of an append-only file is the same on every re-read, so re-reading stores
 * nothing twice; `ts` is the line's `timestamp_ms`.
 */
export function mapThreadLogRecord(record: ThreadLogRecord, lineNumber: number, sessionId: string, memory: ThreadLogMemory): JsonObject[] | null {
  const mapper = Object.hasOwn(kindMappers, record.kind) ? kindMappers[record.kind] : undefined;
  if (!mapper) return null;
  if (record.kind !== 'turn.started') memory.enterTurn(record.turn_id ?? null);
  const base = lineSeqBase(lineNumber);
  const drafts: JsonObject[] = [];
  const emit: Emit = (type, fields = {}) => {
    drafts.push({ session_id: sessionId, seq: slotSeq(base, drafts.length), ts: record.timestamp_ms, type, ...fields });
  };
  mapper(isObject(record.payload) ? record.payload : {}, emit, { record, memory });
  return drafts;
}
