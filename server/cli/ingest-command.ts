import pino from 'pino';
import { sessionIdSchema } from '#protocol/envelope';
import { databaseEventSink, httpEventSink, type HttpSinkOptions } from './ingest-sinks';
import { ingestStream, type EventSink, type IngestFormat, type IngestStreamSummary } from './ingest-stream';

export const DEFAULT_INGEST_SERVER = 'http://127.0.0.1:8787';

export interface IngestCommandOptions {
  format: IngestFormat;
  /** Base URL of a Tether Watch server; the default when neither this nor `db` is given. */
  server?: string;
  /** A database file to write into instead. */
  db?: string;
  /** An `ingest` token for `server`. */
  token?: string;
  /** codetether-run: the session of output that names none (`codetether run "/autochat ..."`). */
  session?: string;
}

export interface IngestCommandIo {
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  httpOptions?: HttpSinkOptions;
  flushMs?: number;
}

function describe(summary: IngestStreamSummary): string {
  const parts = [`${summary.lines} lines`, `${summary.events} events`, `${summary.accepted} accepted`, `${summary.duplicates} duplicates`, `${summary.rejectedLines} lines rejected`];
  if (summary.ignoredLines > 0) parts.push(`${summary.ignoredLines} lines of unmapped kinds skipped`);
  if (summary.failedEvents > 0) parts.push(`${summary.failedEvents} events not delivered`);
  return parts.join(', ');
}

/**
 * `ingest --format codetether-run|events [--server URL | --db PATH]`: reads
 * standard input to its end, e.g. `codetether run "..." --format jsonl |
 * tether-watch ingest --format codetether-run`. Returns the exit status: 0, 1
 * when a line was rejected or events could not be delivered, 2 for bad usage.
 */
export async function runIngestCommand(options: IngestCommandOptions, io: IngestCommandIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`tether-watch ingest: ${message}\n`);
    return 2;
  };
  if (options.server !== undefined && options.db !== undefined) return fail('give --server or --db, not both');
  if (options.session !== undefined) {
    const session = sessionIdSchema.safeParse(options.session);
    if (!session.success) return fail(`--session: ${session.error.issues[0]!.message}, got ${JSON.stringify(options.session)}`);
  }
  let sink: EventSink;
  let target: string;
  if (options.db !== undefined) {
    sink = await databaseEventSink(options.db, pino({ level: 'warn' }, process.stderr));
    target = options.db;
  } else {
    target = options.server ?? DEFAULT_INGEST_SERVER;
    try {
      const url = new URL(target);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(`--server: expected an http(s) URL, got ${target}`);
    } catch {
      return fail(`--server: expected an http(s) URL, got ${target}`);
    }
    sink = httpEventSink(target, { ...io.httpOptions, token: options.token });
  }
  let summary: IngestStreamSummary;
  try {
    summary = await ingestStream({ input: io.stdin, format: options.format, sink, sessionId: options.session, warn: (m) => io.stderr.write(`${m}\n`), flushMs: io.flushMs });
  } finally {
    await sink.close();
  }
  io.stdout.write(`ingest (${options.format} -> ${target}): ${describe(summary)}\n`);
  return summary.rejectedLines > 0 || summary.failedEvents > 0 ? 1 : 0;
}
