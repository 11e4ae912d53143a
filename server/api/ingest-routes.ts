import type { FastifyInstance, FastifyReply } from 'fastify';
import { envNames } from '../config';
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import type { IngestFrameReply } from '../../src/protocol/live-messages';
import type { IngestReply } from '../../src/protocol/api-schemas';
import { acksOf, type IngestPipeline } from '../ingest/ingest-pipeline';
import type { FrameResult } from '../ingest/frame-validation';
import { prepareParseEvent } from '../../src/protocol/parse-event';
import { FrameValidator } from '../ingest/frame-validator';
import { parseIngestLine } from '../ingest/ingest-item';
import type { IngestItem } from '../store/event-store';
import {
  addressRateLimiter,
  applyEventSizeLimit,
  batchTooLargeError,
  connectionRateLimiter,
  eventTooLargeError,
  formatBytes,
  lineTooLarge,
  rateLimitError,
  type IngestLimits,
} from '../ingest/ingest-limits';
import type { TokenBucket } from '../ingest/token-bucket';

const NDJSON = 'application/x-ndjson';

/** How long start-up waits for the validation worker before listening without it. */
const workerStartWaitMs = 2000;

/** Closes every producer socket with a reason (graceful shutdown, after the pipeline drained). */
export type CloseIngestSockets = (reason: string) => void;

/** Producers: one event or an array per WebSocket frame, and NDJSON batches over HTTP. */
export function registerIngestRoutes(app: FastifyInstance, pipeline: IngestPipeline, limits: IngestLimits): CloseIngestSockets {
  const { maxBodyBytes } = limits;
  const sockets = new Set<{ close(code: number, reason: string): void }>();
  const httpRate = addressRateLimiter(limits);
  // Compiled now, not while the first producer frame waits.
  prepareParseEvent();
  const validator = new FrameValidator(app.log as unknown as Logger);
  // Listen once the worker takes frames (a few hundred milliseconds), so that the first bulk
  // producers are not validated on the main thread; a worker slow to start only delays that.
  app.addHook('onReady', () => validator.whenReady(workerStartWaitMs));
  app.addHook('onClose', () => validator.close());

  app.get('/api/v1/ingest', { websocket: true }, (socket) => {
    // A large frame is validated on the worker thread, so frames may finish validating
    // later than they arrived; each is still submitted, and answered, in arrival order.
    let submitted: Promise<unknown> = Promise.resolve();
    let replies = Promise.resolve();
    const rate = connectionRateLimiter(limits);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data, isBinary) => {
      const frame = isBinary ? binaryFrame : new Promise<FrameResult>((resolve) => resolve(validator.validate(bytesOf(data))));
      // Wrapped, so that the next frame waits for this one's submit, not for its commit.
      const reply = submitted
        .then(() => frame)
        // Validation refuses bad events one by one; should it ever throw, the frame is refused, and later frames still get their replies.
        .then((result) => ({ answer: submitFrame(pipeline, result, limits, rate) }), (err: unknown) => ({ answer: Promise.resolve(unvalidatable(err)) }));
      submitted = reply;
      replies = replies.then(async () => {
        const message = await (await reply).answer;
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      });
    });
  });

  app.addContentTypeParser([NDJSON, 'application/jsonl', 'text/plain'], { parseAs: 'string', bodyLimit: maxBodyBytes }, (_req, body, done) =>
    done(null, body),
  );

  const errorHandler = (err: Error & { code?: string }, _req: unknown, reply: FastifyReply) => {
    if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.send(err);
    const error = `body is over the maxBodyBytes limit of ${formatBytes(maxBodyBytes)} (${envNames.maxBodyBytes}): send smaller batches`;
    return reply.code(413).send({ error, retryable: false });
  };

  app.post('/api/v1/events', { bodyLimit: maxBodyBytes, errorHandler }, async (req, reply) => {
    if (typeof req.body !== 'string') {
      return reply.code(415).send({ error: `send NDJSON with Content-Type: ${NDJSON} (one event per line)` });
    }
    const items: IngestItem[] = [];
    const rejected: IngestReply['rejected'] = [];
    // A byte-order mark is not part of the first event (editors on Windows add one); files drop it too.
    const lines = (req.body.startsWith('\uFEFF') ? req.body.slice(1) : req.body).split('\n');
    const lineCount = lines.reduce((n, line) => (line.trim() === '' ? n : n + 1), 0);
    if (lineCount > limits.maxBatchEvents) {
      pipeline.countRejected(lineCount);
      return reply.code(413).send({ error: batchTooLargeError(lineCount, 'body', limits), retryable: false });
    }
    const grant = httpRate(req.ip, lineCount, Date.now());
    if (!grant.ok) {
      const seconds = Math.ceil(grant.retryAfterMs / 1000);
      return reply
        .code(429)
        .header('retry-after', String(seconds))
        .send({ error: rateLimitError(grant.retryAfterMs, limits, 'client address'), retryable: true, retry_after_ms: grant.retryAfterMs });
    }
    lines.forEach((raw, index) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') return;
      const oversize = lineTooLarge(line, limits);
      const parsed = oversize === null ? parseIngestLine(line) : { ok: false as const, error: eventTooLargeError(oversize, limits) };
      if (parsed.ok) items.push(parsed.item);
      else rejected.push({ line: index + 1, error: parsed.error });
    });
    pipeline.countRejected(rejected.length);
    try {
      const outcomes = await pipeline.submit(items);
      const duplicates = outcomes.filter((o) => o.kind === 'duplicate').length;
      const unknownTypes = items.filter((item, i) => !item.known && outcomes[i]!.kind !== 'duplicate').length;
      const body: IngestReply = { accepted: items.length - duplicates, duplicates, rejected, unknown_types: unknownTypes };
      return reply.code(rejected.length > 0 && items.length === 0 ? 400 : 200).send(body);
    } catch (err) {
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({ error: (err as Error).message, retryable: true, accepted: 0, duplicates: 0, rejected });
    }
  });

  return (reason) => {
    for (const socket of sockets) socket.close(1001, reason);
  };
}

/** A frame's bytes as one Buffer, whatever form the WebSocket library delivered them in. */
const bytesOf = (data: RawData): Buffer => (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));

const unvalidatable = (err: unknown): IngestFrameReply => ({ kind: 'error', error: `frame could not be validated: ${(err as Error).message}`, retryable: false });

const binaryFrame: FrameResult = { kind: 'malformed', error: 'binary frames are not accepted: send JSON text' };

async function submitFrame(pipeline: IngestPipeline, frame: FrameResult, limits: IngestLimits, rate: TokenBucket | null): Promise<IngestFrameReply> {
  if (frame.kind === 'malformed') {
    // A binary frame is refused without being counted, as it always was.
    if (frame !== binaryFrame) pipeline.countRejected(1);
    return { kind: 'error', error: frame.error, retryable: false };
  }
  const elements = frame.items.length + frame.rejected.length;
  if (elements > limits.maxBatchEvents) {
    pipeline.countRejected(elements);
    return { kind: 'error', error: batchTooLargeError(elements, 'frame', limits), retryable: false };
  }
  // Charged before anything is stored, so a refused frame costs the producer nothing but the wait.
  const grant = rate?.take(frame.items.length, Date.now()) ?? { ok: true };
  if (!grant.ok) return { kind: 'error', error: rateLimitError(grant.retryAfterMs, limits), retryable: true, retry_after_ms: grant.retryAfterMs };
  const { items, rejected } = applyEventSizeLimit(frame.items, frame.rejected, limits);
  pipeline.countRejected(rejected.length);
  try {
    const outcomes = await pipeline.submit(items);
    return {
      kind: 'ack',
      acks: acksOf(items),
      duplicates: outcomes.filter((o) => o.kind === 'duplicate').length,
      rejected,
    };
  } catch (err) {
    return { kind: 'error', error: (err as Error).message, retryable: true };
  }
}
