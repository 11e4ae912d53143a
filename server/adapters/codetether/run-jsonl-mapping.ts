import { z } from 'zod';
import { sessionIdSchema } from '../../../src/protocol/envelope';
import { describeIssue } from '../../../src/protocol/parse-event';
import type { ParsedItem } from '../../ingest/ingest-item';
import { SEQ_SLOTS_PER_LINE, slotSeq } from './seq-slots';
import { countOf, decodeJson, errorTextOf, isObject, refused, textOf, validated, type JsonObject } from './source-values';

// The NDJSON of `codetether run --format jsonl` -> protocol events. The table in
// docs/codetether-mapping.md says the same thing for people.

const runLineSchema = z.looseObject({
  type: z.string().min(1),
  session_id: z.string().nullish(),
  timestamp_ms: z.number().int().min(0).nullish(),
});
type RunLine = z.infer<typeof runLineSchema>;

export type RunLineResult = { kind: 'events'; items: ParsedItem[] } | { kind: 'ignored'; type: string };

type Emit = (type: string, fields?: JsonObject) => void;

/**
 * Reads one run's stdout (or several runs' one after another) line by line.
 * Stateful, but only on the lines before: the same stream mapped again gives
 * the same events.
 *
 * seq: a run's stdout starts at line 1 every time, and a later `codetether run
 * --session <id>` continues the same session, so line numbers would collide.
 * The lines' own `timestamp_ms` does not: base = max(timestamp_ms * 16,
 * previous base + 16), a clock that never runs backwards or repeats. A line
 * without a timestamp takes the previous base + 16 (the first lines of all: their
 * line number * 16, below any timestamp).
 */
export class RunStreamMapper {
  private sessionId: string | null = null;
  private prevBase = 0;
  private firstTsMs: number | null = null;
  private lastTsMs: number | null = null;
  private item: { id: string; text: string } | null = null;
  private lastCompletedText: string | null = null;
  /** The last `model` any line named, for a usage_report whose line names none. */
  private model: string | null = null;

  mapLine(text: string, lineNumber: number): RunLineResult {
    const decoded = decodeJson(text);
    if (!decoded.ok) return events([refused(decoded.error)]);
    const parsed = runLineSchema.safeParse(decoded.value);
    if (!parsed.success) return events([refused(`not a codetether run line: ${describeIssue(parsed.error.issues[0]!)}`)]);
    const line = parsed.data;
    if (line.type === 'run.started') this.startRun();
    const base = this.advanceClock(line, lineNumber);
    if (typeof line.model === 'string' && line.model !== '') this.model = line.model;
    if (typeof line.session_id === 'string') {
      const id = sessionIdSchema.safeParse(line.session_id);
      if (!id.success) return events([refused(`not a usable session id: ${JSON.stringify(line.session_id)}`)]);
      this.sessionId = id.data;
    }
    const mapper = Object.hasOwn(runMappers, line.type) ? runMappers[line.type] : undefined;
    if (!mapper) return { kind: 'ignored', type: line.type };
    const sessionId = this.sessionId;
    if (sessionId === null) return events([refused(`${line.type} before run.started: no session id yet`)]);
    // Lines without a time of their own happened after the last line that had one.
    const ts = line.timestamp_ms ?? this.lastTsMs ?? Date.now();
    const drafts: JsonObject[] = [];
    const emit: Emit = (type, fields = {}) => void drafts.push({ session_id: sessionId, seq: slotSeq(base, drafts.length), ts, type, ...fields });
    mapper.call(this, line, emit);
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
    this.item = null;
    this.lastCompletedText = null;
  }

  /** A chunk may be the item's whole text so far or only what was added: a snapshot either way. */
  snapshotOf(itemId: string, chunk: string): string {
    const before = this.item?.id === itemId ? this.item.text : '';
    const text = chunk.startsWith(before) ? chunk : before + chunk;
    this.item = { id: itemId, text };
    return text;
  }

  completeText(text: string, emit: Emit): void {
    this.item = null;
    if (text === '' || text === this.lastCompletedText) return;
    this.lastCompletedText = text;
    emit('text_complete', { text });
  }

  usageReport(usage: unknown, model: unknown, emit: Emit): void {
    if (!isObject(usage)) return;
    const duration = this.firstTsMs !== null && this.lastTsMs !== null ? this.lastTsMs - this.firstTsMs : 0;
    emit('usage_report', {
      prompt_tokens: Math.trunc(countOf(usage.prompt_tokens ?? usage.input_tokens)),
      completion_tokens: Math.trunc(countOf(usage.completion_tokens ?? usage.output_tokens)),
      duration_ms: duration,
      model: textOf(model ?? usage.model ?? this.model),
    });
  }
}

function events(items: ParsedItem[]): RunLineResult {
  return { kind: 'events', items };
}

const runMappers: Record<string, (this: RunStreamMapper, line: RunLine, emit: Emit) => void> = {
  'run.started': (_line, emit) => emit('thinking'),
  'run.text_chunk': function (line, emit) {
    emit('text_chunk', { text: this.snapshotOf(textOf(line.item_id), textOf(line.text)) });
  },
  'run.text_complete': function (line, emit) {
    this.completeText(textOf(line.text), emit);
  },
  'run.tool_call_started': (line, emit) =>
    emit('tool_call_start', { tool_call_id: textOf(line.tool_call_id ?? line.item_id), name: textOf(line.name, 'tool'), arguments: typeof line.arguments === 'string' ? line.arguments : JSON.stringify(line.arguments ?? {}) }),
  'run.tool_call_completed': (line, emit) =>
    emit('tool_call_complete', {
      tool_call_id: textOf(line.tool_call_id ?? line.item_id),
      name: textOf(line.name, 'tool'),
      output: textOf(line.output),
      success: typeof line.success === 'boolean' ? line.success : true,
      duration_ms: countOf(line.duration_ms),
    }),
  'run.completed': function (line, emit) {
    this.completeText(textOf(line.response), emit);
    // An aggregate without a source: usage_report, never token_usage (see the mapping doc).
    this.usageReport(line.usage, line.model, emit);
    emit('done');
  },
  'run.failed': function (line, emit) {
    this.completeText(textOf(line.response), emit);
    emit('error', { error: errorTextOf(line.error) });
  },
};

/** The run.* types this adapter maps (the others are skipped and counted). */
export const mappedRunTypes = Object.keys(runMappers);
