import path from 'node:path';
import { sessionIdSchema } from '#protocol/envelope';
import { describeIssue } from '#protocol/parse-event';
import type { ParsedItem } from '../../ingest/ingest-item';
import type { LineTransform } from '../../ingest/files/jsonl-line';
import type { ApprovalCorrelator } from './approval-correlator';
import { decodeJson, refused, validated, type JsonObject } from './source-values';
import { ThreadLogMemory } from './thread-log-memory';
import { mapThreadLogRecord, threadLogRecordSchema } from './thread-log-mapping';

export interface ThreadLogTransformOptions {
  /** A line of a kind the mapping does not know: skipped, not refused (the agent gains kinds). */
  onUnknownKind?: (kind: string, file: string, lineNumber: number) => void;
  /** Ties the approvals this log asks for to their decisions in approvals.jsonl. */
  approvals?: ApprovalCorrelator;
}

/** The line's events and, after an approval request, its decision when approvals.jsonl already has it. */
function withDecisions(drafts: JsonObject[], approvals: ApprovalCorrelator | undefined): JsonObject[] {
  if (!approvals) return drafts;
  const decisions = drafts.flatMap((d) => (d.type === 'approval_request' ? approvals.requestMapped(String(d.approval_id), String(d.session_id), Number(d.seq)) : []));
  return decisions.length === 0 ? drafts : [...drafts, ...decisions];
}

interface FileState {
  memory: ThreadLogMemory;
  lastLine: number;
}

/** `threads/<session_id>.jsonl` -> the session id its name gives, for a line that does not say. */
export function sessionIdOfThreadLog(file: string): string {
  return path.basename(file, '.jsonl');
}

/**
 * The last whole record on a damaged line. A writer that died mid-line and
 * started again appends its next record right after the cut-off one, and two
 * writers on one line usually leave one record whole at the end: that one is
 * worth keeping (records start with `event_id`, the agent's field order).
 */
function wholeRecordAtEnd(text: string): { value: unknown; column: number } | null {
  const start = text.lastIndexOf('{"event_id"');
  if (start <= 0) return null;
  const decoded = decodeJson(text.slice(start));
  return decoded.ok ? { value: decoded.value, column: start + 1 } : null;
}

/** One thread-log line -> validated protocol events, with the memory of the lines before it in `memory`. */
export function threadLogLineToItems(text: string, lineNumber: number, file: string, memory: ThreadLogMemory, options: ThreadLogTransformOptions = {}): ParsedItem[] {
  const decoded = decodeJson(text);
  if (decoded.ok) return recordToItems(decoded.value, lineNumber, file, memory, options);
  const tail = wholeRecordAtEnd(text);
  if (tail === null) return [refused(decoded.error)];
  // Still a refusal (counted and warned about: something was lost), but the whole record is kept.
  return [refused(`${decoded.error}; kept the whole record from column ${tail.column}`), ...recordToItems(tail.value, lineNumber, file, memory, options)];
}

function recordToItems(value: unknown, lineNumber: number, file: string, memory: ThreadLogMemory, options: ThreadLogTransformOptions): ParsedItem[] {
  const record = threadLogRecordSchema.safeParse(value);
  if (!record.success) return [refused(`not a codetether thread-log record: ${describeIssue(record.error.issues[0]!)}`)];
  const sessionId = sessionIdSchema.safeParse(record.data.session_id ?? sessionIdOfThreadLog(file));
  if (!sessionId.success) return [refused(`not a usable session id: ${JSON.stringify(record.data.session_id ?? sessionIdOfThreadLog(file))}`)];
  const drafts = mapThreadLogRecord(record.data, lineNumber, sessionId.data, memory);
  if (drafts === null) {
    options.onUnknownKind?.(record.data.kind, file, lineNumber);
    return [];
  }
  return validated(withDecisions(drafts, options.approvals));
}

/**
 * The follower's line transform for thread logs. Each file has its own memory
 * (open tool calls, the current turn); a line number not after the last one seen
 * means the follower is reading the file again from the start (after a restart,
 * truncation or rotation), so that file's memory starts afresh too.
 */
export function createThreadLogTransform(options: ThreadLogTransformOptions = {}): LineTransform & { forget(file: string): void } {
  const files = new Map<string, FileState>();
  const transform = (text: string, lineNumber: number, file: string): ParsedItem[] => {
    let state = files.get(file);
    if (!state || lineNumber <= state.lastLine) {
      state = { memory: new ThreadLogMemory(), lastLine: 0 };
      files.set(file, state);
    }
    state.lastLine = lineNumber;
    return threadLogLineToItems(text, lineNumber, file, state.memory, options);
  };
  return Object.assign(transform, { forget: (file: string) => void files.delete(file) });
}
