import { z } from 'zod';
import { lineSeqBase, slotSeq } from './seq-slots';
import { countOf, errorTextOf, isObject, textOf, type JsonObject } from './source-values';
import type { ThreadLogMemory } from './thread-log-memory';
import {
  approvalDecisionFields,
  approvalRequestFields,
  foldCommandCompleted,
  foldCommandStarted,
  foldPatchApprovalRequired,
  foldPatchCompleted,
  foldPatchStarted,
  foldToolCompleted,
  foldToolMetadata,
  foldToolStarted,
  type Emit,
  type FoldContext,
} from './tool-call-folding';

// One line of `<data_dir>/threads/<session_id>.jsonl` -> protocol events. The
// agent writes `ThreadEvent {event_id, thread_id, session_id, turn_id, kind,
// timestamp_ms, payload}` (session/thread_store/types.rs); the payloads are
// `serde_json::json!` objects of session/thread_events/*.rs. The table in
// docs/codetether-mapping.md says the same thing for people.

/** A thread-log record; extra fields are ignored. */
export const threadLogRecordSchema = z.looseObject({
  event_id: z.string().nullish(),
  session_id: z.string().nullish(),
  turn_id: z.string().nullish(),
  kind: z.string().min(1),
  timestamp_ms: z.number().int().min(0),
  payload: z.unknown().optional(),
});
export type ThreadLogRecord = z.infer<typeof threadLogRecordSchema>;

type KindMapper = (payload: JsonObject, emit: Emit, line: LineContext) => void;

interface LineContext {
  record: ThreadLogRecord;
  memory: ThreadLogMemory;
}

const callIdOf = (p: JsonObject) => textOf(p.tool_call_id ?? p.item_id);
/** A JSON-encoded argument string, as `tool_call_start.arguments` wants it (the agent's is already one). */
const argumentsOf = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? {}));
const successOf = (p: JsonObject) => (typeof p.success === 'boolean' ? p.success : p.error === undefined || p.error === null);
const fold = (emit: Emit, line: LineContext): FoldContext => ({ ledger: line.memory.calls, emit, timestampMs: line.record.timestamp_ms });

/**
 * A turn ends once. The agent writes `turn.done` when its prompt loop finishes
 * and then `turn.completed{response}` (or `turn.failed{error}` when the run
 * failed after all), so a finished turn is one `done` and a failed one one
 * `error`; a turn that failed after a `done` (a resumed run) still says so.
 */
function endTurn(emit: Emit, line: LineContext, end: 'done' | 'error', error?: string): void {
  const turn = line.memory.turn;
  if (turn.ended === end || turn.ended === 'error') return;
  turn.ended = end;
  if (end === 'done') emit('done');
  else emit('error', { error: error ?? 'failed (no reason given)' });
}

/** The final response, unless it only repeats the turn's last completed text (the agent trims it). */
function finalAnswer(emit: Emit, line: LineContext, response: unknown): void {
  if (typeof response !== 'string' || response.trim() === '') return;
  const last = line.memory.turn.lastText;
  if (last !== null && last.trim() === response.trim()) return;
  line.memory.turn.lastText = response;
  emit('text_complete', { text: response });
}

const kindMappers: Record<string, KindMapper> = {
  'turn.started': (p, emit, line) => {
    line.memory.startTurn(line.record.turn_id ?? null);
    // The user's prompt opens the turn in the transcript; the agent then starts working.
    if (typeof p.message === 'string' && p.message !== '') emit('text_complete', { text: p.message, role: 'user' });
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
  'tool.started': (p, emit, line) => foldToolStarted(fold(emit, line), callIdOf(p), textOf(p.name, 'tool'), argumentsOf(p.arguments)),
  'tool.completed': (p, emit, line) => foldToolCompleted(fold(emit, line), callIdOf(p), { name: p.name, output: textOf(p.output), success: successOf(p), durationMs: typeof p.duration_ms === 'number' ? p.duration_ms : null }),
  'tool.metadata': (p, emit, line) => foldToolMetadata(fold(emit, line), callIdOf(p), p.name, p.metadata),
  'tool.output_chunk': (p, emit, line) => {
    const id = callIdOf(p);
    const name = typeof p.name === 'string' && p.name !== '' ? p.name : (line.memory.calls.get(id)?.name ?? 'tool');
    emit('tool_output_chunk', { tool_call_id: id, name, stream: p.stream === 'stderr' ? 'stderr' : 'stdout', chunk: textOf(p.chunk) });
  },
  'command.started': (p, emit, line) => foldCommandStarted(fold(emit, line), callIdOf(p), p.command, p.cwd),
  'command.completed': (p, emit, line) => foldCommandCompleted(fold(emit, line), callIdOf(p), successOf(p), p.duration_ms),
  'patch.started': (p, emit, line) => foldPatchStarted(fold(emit, line), textOf(p.patch_id), p.arguments),
  'patch.completed': (p, emit, line) => foldPatchCompleted(fold(emit, line), textOf(p.patch_id), p),
  'patch.approval_required': (p, emit, line) => foldPatchApprovalRequired(fold(emit, line), textOf(p.approval_id), textOf(p.patch_id)),
  'approval.requested': (p, emit) => emit('approval_request', approvalRequestFields(p)),
  'approval.decided': (p, emit) => {
    const fields = approvalDecisionFields(p);
    if (fields) emit('approval_decision', fields);
  },
  'turn.done': (_p, emit, line) => endTurn(emit, line, 'done'),
  'turn.completed': (p, emit, line) => {
    if (line.memory.turn.ended !== 'error') finalAnswer(emit, line, p.response);
    endTurn(emit, line, 'done');
  },
  'turn.failed': (p, emit, line) => endTurn(emit, line, 'error', errorTextOf(p.error)),
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
