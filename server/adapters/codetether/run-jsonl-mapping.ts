import { createHash } from 'node:crypto';
import { z } from 'zod';
import { sessionIdSchema } from '#protocol/envelope';
import { describeIssue } from '#protocol/parse-event';
import type { ParsedItem } from '../../ingest/ingest-item';
import { SEQ_SLOTS_PER_LINE, slotSeq } from './seq-slots';
import { countOf, decodeJson, errorTextOf, isObject, refused, textOf, validated, type JsonObject } from './source-values';
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
  ToolCallLedger,
  type Emit,
  type FoldContext,
} from './tool-call-folding';

// The NDJSON of `codetether run --format jsonl` -> protocol events. The agent's
// `RunEvent` (cli/run/jsonl/event.rs) is internally tagged by `type`; the
// `run.item_*`, `run.text_*`, `run.tool_call_*`, `run.command_*`, `run.patch_*`
// and `run.approval_*` lines are its thread events printed as they are written
// (jsonl/thread.rs), so a tool call folds exactly as in the thread log.
// `run.started`, `run.completed` and `run.failed` carry no `timestamp_ms`, no
// line carries the model, and `/autochat` prints only a `run.completed` (or
// `run.failed`) without any session id. The table in docs/codetether-mapping.md
// says the same thing for people.

const runLineSchema = z.looseObject({
  type: z.string().min(1),
  session_id: z.string().nullish(),
  timestamp_ms: z.number().int().min(0).nullish(),
});
type RunLine = z.infer<typeof runLineSchema>;

export type RunLineResult = { kind: 'events'; items: ParsedItem[] } | { kind: 'ignored'; type: string };

/** The agent caps each streamed text snapshot at 256 KiB and ends it with this (session/helper/stream_caps.rs). */
export const SNAPSHOT_TRUNCATION_MARKER = ' …[truncated]';

export interface RunStreamMapperOptions {
  /** The session for lines before any names one (`/autochat`); default: one derived from the output itself. */
  sessionId?: string;
}

/**
 * A session id for output that never names one (`/autochat`): derived from its
 * first line, so piping the same output again lands in the same session.
 */
export function derivedRunSessionId(firstLine: string): string {
  return `codetether-run-${createHash('sha256').update(firstLine).digest('hex').slice(0, 32)}`;
}

/**
 * Reads one run's stdout (or several runs' one after another) line by line.
 * Stateful, but only on the lines before: the same stream mapped again gives
 * the same events.
 *
 * seq: a run's stdout starts at line 1 every time, and a later `codetether run
 * --session <id>` continues the same session, so line numbers would collide.
 * The lines' own `timestamp_ms` does not: base = max(timestamp_ms * 16,
 * previous base + 16), a clock that never runs backwards or repeats. A line
 * without a timestamp (run.started, run.completed, run.failed) takes the
 * previous base + 16 (the first lines of all: their line number * 16, below any
 * timestamp).
 */
export class RunStreamMapper {
  private sessionId: string | null;
  private prevBase = 0;
  private firstTsMs: number | null = null;
  private lastTsMs: number | null = null;
  /** The last snapshot sent per item: a capped snapshot repeats itself until the item completes. */
  private lastSnapshot: { itemId: string; text: string } | null = null;
  private lastCompletedText: string | null = null;
  readonly calls = new ToolCallLedger();

  constructor(options: RunStreamMapperOptions = {}) {
    this.sessionId = options.sessionId ?? null;
  }

  mapLine(text: string, lineNumber: number): RunLineResult {
    const decoded = decodeJson(text);
    if (!decoded.ok) return events([refused(decoded.error)]);
    const parsed = runLineSchema.safeParse(decoded.value);
    if (!parsed.success) return events([refused(`not a codetether run line: ${describeIssue(parsed.error.issues[0]!)}`)]);
    const line = parsed.data;
    if (line.type === 'run.started') this.startRun();
    const base = this.advanceClock(line, lineNumber);
    if (typeof line.session_id === 'string') {
      const id = sessionIdSchema.safeParse(line.session_id);
      if (!id.success) return events([refused(`not a usable session id: ${JSON.stringify(line.session_id)}`)]);
      this.sessionId = id.data;
    }
    const mapper = Object.hasOwn(runMappers, line.type) ? runMappers[line.type] : undefined;
    if (!mapper) return { kind: 'ignored', type: line.type };
    this.sessionId ??= derivedRunSessionId(text);
    const sessionId = this.sessionId;
    // Lines without a time of their own happened after the last line that had one.
    const ts = line.timestamp_ms ?? this.lastTsMs ?? Date.now();
    const drafts: JsonObject[] = [];
    const emit: Emit = (type, fields = {}) => void drafts.push({ session_id: sessionId, seq: slotSeq(base, drafts.length), ts, type, ...fields });
    mapper.call(this, line, emit, { ledger: this.calls, emit, timestampMs: ts });
    return events(validated(drafts));
  }

  private advanceClock(line: RunLine, lineNumber: number): number {
    const ts = line.timestamp_ms ?? null;
    if (ts !== null) {
      this.firstTsMs ??= ts;
      this.lastTsMs = ts;
    }
    const next = ts !== null ? Math.max(ts * SEQ_SLOTS_PER_LINE, this.prevBase + SEQ_SLOTS_PER_LINE) : this.prevBase > 0 ? this.prevBase + SEQ_SLOTS_PER_LINE : lineNumber * SEQ_SLOTS_PER_LINE;
    this.prevBase = next;
    return next;
  }

  private startRun(): void {
    this.firstTsMs = null;
    this.lastSnapshot = null;
    this.lastCompletedText = null;
    this.calls.clear();
  }

  /**
   * `text` is the item's whole text so far (a snapshot), capped at 256 KiB with
   * SNAPSHOT_TRUNCATION_MARKER: past the cap every chunk repeats the same capped
   * snapshot, so only the first is passed on; run.text_complete brings the whole text.
   */
  snapshot(itemId: string, text: string, emit: Emit): void {
    const last = this.lastSnapshot;
    if (last && last.itemId === itemId && last.text === text) return;
    this.lastSnapshot = { itemId, text };
    emit('text_chunk', { text });
  }

  completeText(text: string, emit: Emit): void {
    this.lastSnapshot = null;
    if (text.trim() === '' || text.trim() === this.lastCompletedText?.trim()) return;
    this.lastCompletedText = text;
    emit('text_complete', { text });
  }

  usageReport(usage: unknown, emit: Emit): void {
    if (!isObject(usage)) return;
    const duration = this.firstTsMs !== null && this.lastTsMs !== null ? this.lastTsMs - this.firstTsMs : 0;
    // No run line names the model; the session file's metadata.model does (session_sync).
    emit('usage_report', {
      prompt_tokens: Math.trunc(countOf(usage.prompt_tokens)),
      completion_tokens: Math.trunc(countOf(usage.completion_tokens)),
      duration_ms: duration,
      model: '',
    });
  }
}

function events(items: ParsedItem[]): RunLineResult {
  return { kind: 'events', items };
}

type RunMapper = (this: RunStreamMapper, line: RunLine, emit: Emit, fold: FoldContext) => void;
const callIdOf = (line: RunLine) => textOf(line.tool_call_id ?? line.item_id);

const runMappers: Record<string, RunMapper> = {
  'run.started': (_line, emit) => emit('thinking'),
  // Item boundaries: the text lines carry everything shown.
  'run.item_started': () => undefined,
  'run.item_completed': () => undefined,
  'run.text_chunk': function (line, emit) {
    this.snapshot(textOf(line.item_id), textOf(line.text), emit);
  },
  'run.text_complete': function (line, emit) {
    this.completeText(textOf(line.text), emit);
  },
  'run.tool_call_started': (line, _emit, fold) =>
    foldToolStarted(fold, callIdOf(line), textOf(line.name, 'tool'), typeof line.arguments === 'string' ? line.arguments : JSON.stringify(line.arguments ?? {})),
  'run.tool_call_completed': (line, _emit, fold) =>
    foldToolCompleted(fold, callIdOf(line), {
      name: line.name,
      output: textOf(line.output),
      success: typeof line.success === 'boolean' ? line.success : true,
      durationMs: typeof line.duration_ms === 'number' ? line.duration_ms : null,
    }),
  'run.tool_call_metadata': (line, _emit, fold) => foldToolMetadata(fold, callIdOf(line), null, line.metadata),
  'run.command_started': (line, _emit, fold) => foldCommandStarted(fold, callIdOf(line), line.command, line.cwd),
  'run.command_completed': (line, _emit, fold) => foldCommandCompleted(fold, callIdOf(line), line.success !== false, line.duration_ms),
  'run.patch_started': (line, _emit, fold) => foldPatchStarted(fold, textOf(line.patch_id), ''),
  // Its `metadata` is the whole patch.completed payload.
  'run.patch_completed': (line, _emit, fold) => foldPatchCompleted(fold, textOf(line.patch_id), isObject(line.metadata) ? line.metadata : {}),
  'run.patch_approval_required': (line, _emit, fold) => foldPatchApprovalRequired(fold, textOf(line.approval_id), textOf(line.patch_id)),
  // The run line has no resource or reason (approval.requested in the thread log has them).
  'run.approval_requested': (line, emit) => emit('approval_request', approvalRequestFields(line)),
  'run.approval_decided': (line, emit) => {
    const fields = approvalDecisionFields(line);
    if (fields) emit('approval_decision', fields);
  },
  'run.completed': function (line, emit) {
    this.completeText(textOf(line.response), emit);
    // An aggregate without a source: usage_report, never token_usage (see the mapping doc).
    this.usageReport(line.usage, emit);
    emit('done');
  },
  'run.failed': function (line, emit) {
    this.completeText(textOf(line.response), emit);
    emit('error', { error: errorTextOf(line.error) });
  },
};

/** The run.* types this adapter maps (the others are skipped and counted). */
export const mappedRunTypes = Object.keys(runMappers);
