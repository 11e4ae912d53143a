import type { IngestItem } from '../ingest-item';
import { parseIngestLine, type ParsedItem } from '../ingest-item';
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

/**
 * Turns one line of some other JSONL format into protocol events (an adapter):
 * none, one or several, each already validated. Any refused item refuses the
 * line's report (its valid items are still submitted).
 */
export type LineTransform = (text: string, lineNumber: number, file: string) => ParsedItem[];

/** A line after parsing or a transform: every event it gave, and why it was refused, if it was. */
export interface LineEvents {
  lineNumber: number;
  endOffset: number;
  items: IngestItem[];
  rejection: string | null;
}

/** The events of a line parsed as protocol JSONL. */
export function lineEventsOf(line: JsonlLine): LineEvents {
  const { lineNumber, endOffset } = line;
  return line.kind === 'item'
    ? { lineNumber, endOffset, items: [line.item], rejection: null }
    : { lineNumber, endOffset, items: [], rejection: line.reason };
}

/** Parses a split line with `transform` instead of the protocol parser. */
export function transformJsonlLine(line: SplitLine, maxLineBytes: number, file: string, transform: LineTransform): LineEvents {
  if (line.kind === 'too-long') return lineEventsOf(parseJsonlLine(line, maxLineBytes));
  const items: IngestItem[] = [];
  const errors: string[] = [];
  for (const parsed of transform(line.text, line.lineNumber, file)) {
    if (parsed.ok) items.push(parsed.item);
    else errors.push(parsed.error);
  }
  return { lineNumber: line.lineNumber, endOffset: line.endOffset, items, rejection: errors.length > 0 ? errors.join('; ') : null };
}

/** `sessions/a.jsonl:17: token_usage: field ...`: the form editors and terminals jump to. */
export function describeRejection(file: string, rejection: LineRejection): string {
  return `${file}:${rejection.lineNumber}: ${rejection.reason}`;
}
