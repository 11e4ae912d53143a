import type { IngestItem } from '../../store/event-store';
import { parseIngestLine } from '../ingest-item';
import type { SplitLine } from './line-splitter';

/** A line that will not be ingested, and why (said as the parser says it). */
export interface LineRejection {
  lineNumber: number;
  reason: string;
}

/** One non-blank line of a JSONL file after parsing: an event to submit, or a rejection. */
export type JsonlLine =
  | { kind: 'item'; lineNumber: number; endOffset: number; item: IngestItem }
  | { kind: 'rejected'; lineNumber: number; endOffset: number; reason: string };

const MIB = 1024 * 1024;

function formatBytes(bytes: number): string {
  return bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** Parses a split line with the same parser as every other transport. */
export function parseJsonlLine(line: SplitLine, maxLineBytes: number): JsonlLine {
  const { lineNumber, endOffset } = line;
  if (line.kind === 'too-long') {
    const reason = `line is ${formatBytes(line.byteLength)}, longer than the ${formatBytes(maxLineBytes)} limit`;
    return { kind: 'rejected', lineNumber, endOffset, reason };
  }
  const parsed = parseIngestLine(line.text);
  return parsed.ok
    ? { kind: 'item', lineNumber, endOffset, item: parsed.item }
    : { kind: 'rejected', lineNumber, endOffset, reason: parsed.error };
}

/** `sessions/a.jsonl:17: token_usage: field ...`: the form editors and terminals jump to. */
export function describeRejection(file: string, rejection: LineRejection): string {
  return `${file}:${rejection.lineNumber}: ${rejection.reason}`;
}
