import { RunStreamMapper } from '../adapters/codetether/run-jsonl-mapping';
import { parseIngestLine, type ParsedItem } from '../ingest/ingest-item';
import { describeRejection, type LineRejection } from '../ingest/files/jsonl-line';
import { LineSplitter, type SplitLine } from '../ingest/files/line-splitter';
import type { IngestItem } from '../ingest/ingest-item';

export const ingestFormats = ['codetether-run', 'events'] as const;
export type IngestFormat = (typeof ingestFormats)[number];

/** Where the events go: a server over HTTP, or a database file. */
export interface EventSink {
  /** Resolves once the events are committed; rejects when they could not be delivered. */
  send(items: IngestItem[]): Promise<{ accepted: number; duplicates: number }>;
  close(): Promise<void>;
}

export interface IngestStreamOptions {
  input: AsyncIterable<Uint8Array | string>;
  format: IngestFormat;
  sink: EventSink;
  /** Warnings for the user (rejected lines, failed deliveries), one line each. */
  warn: (message: string) => void;
  /** Named in warnings as `name:line`; default `stdin`. */
  sourceName?: string;
  /** codetether-run: the session of output that names none (`/autochat`); default one derived from the output. */
  sessionId?: string;
  /** A batch goes out this long after its first event at the latest, so a live run shows live; default 200. */
  flushMs?: number;
  maxBatchEvents?: number;
  maxBatchBytes?: number;
  maxLineBytes?: number;
}

export interface IngestStreamSummary {
  lines: number;
  events: number;
  accepted: number;
  duplicates: number;
  rejectedLines: number;
  /** Lines of kinds the adapter does not map (codetether-run). */
  ignoredLines: number;
  /** Events that could not be delivered (the server or database refused them). */
  failedEvents: number;
}

const WARNED_REJECTIONS = 20;

type LineReader = (text: string, lineNumber: number) => ParsedItem[] | 'ignored';

function lineReaderFor(format: IngestFormat, sessionId: string | undefined): LineReader {
  if (format === 'events') return (text) => [parseIngestLine(text)];
  const mapper = new RunStreamMapper({ sessionId });
  return (text, lineNumber) => {
    const result = mapper.mapLine(text, lineNumber);
    return result.kind === 'ignored' ? 'ignored' : result.items;
  };
}

/**
 * Reads NDJSON from a stream (stdin) as it arrives, converts each line to
 * protocol events and sends them in batches: one when enough have gathered or
 * `flushMs` after the first, and always one at a time, in order. A line that
 * cannot be read is reported as `stdin:N: reason` and the rest is read.
 */
export async function ingestStream(options: IngestStreamOptions): Promise<IngestStreamSummary> {
  const source = options.sourceName ?? 'stdin';
  const flushMs = options.flushMs ?? 200;
  const maxEvents = options.maxBatchEvents ?? 500;
  const maxBytes = options.maxBatchBytes ?? 8 * 1024 * 1024;
  const summary: IngestStreamSummary = { lines: 0, events: 0, accepted: 0, duplicates: 0, rejectedLines: 0, ignoredLines: 0, failedEvents: 0 };
  const readLine = lineReaderFor(options.format, options.sessionId);
  const splitter = new LineSplitter({ maxLineBytes: options.maxLineBytes ?? 16 * 1024 * 1024 });

  let pending: IngestItem[] = [];
  let pendingBytes = 0;
  let timer: NodeJS.Timeout | null = null;
  let sending = Promise.resolve();

  const reject = (rejection: LineRejection) => {
    summary.rejectedLines++;
    if (summary.rejectedLines <= WARNED_REJECTIONS) options.warn(describeRejection(source, rejection));
    if (summary.rejectedLines === WARNED_REJECTIONS) options.warn(`${source}: further rejected lines are only counted`);
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return sending;
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    sending = sending.then(async () => {
      try {
        const reply = await options.sink.send(batch);
        summary.accepted += reply.accepted;
        summary.duplicates += reply.duplicates;
      } catch (err) {
        summary.failedEvents += batch.length;
        options.warn(`${source}: ${batch.length} events not delivered: ${(err as Error).message}`);
      }
    });
    return sending;
  };

  const handle = async (lines: SplitLine[]) => {
    for (const line of lines) {
      summary.lines = line.lineNumber;
      if (line.kind === 'too-long') {
        reject({ lineNumber: line.lineNumber, reason: `line is ${line.byteLength} bytes, longer than the limit` });
        continue;
      }
      const result = readLine(line.text, line.lineNumber);
      if (result === 'ignored') {
        summary.ignoredLines++;
        continue;
      }
      const errors = result.flatMap((p) => (p.ok ? [] : [p.error]));
      if (errors.length > 0) reject({ lineNumber: line.lineNumber, reason: errors.join('; ') });
      for (const parsed of result) {
        if (!parsed.ok) continue;
        pending.push(parsed.item);
        pendingBytes += parsed.item.json.length;
        summary.events++;
      }
      // Waiting here holds the input back while a full batch is delivered: memory stays bounded.
      if (pending.length >= maxEvents || pendingBytes >= maxBytes) await flush();
    }
    if (pending.length > 0 && timer === null) timer = setTimeout(() => void flush(), flushMs);
  };

  try {
    for await (const chunk of options.input) {
      await handle(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    }
    // The stream is over: an unterminated last line counts.
    await handle(splitter.end());
    summary.lines = Math.max(summary.lines, splitter.completeLines);
  } finally {
    await flush();
  }
  return summary;
}
