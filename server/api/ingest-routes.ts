import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envNames } from '../config';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import type { IngestFrameReplyJson } from '#protocol/live-messages';
import { ingestRefusalSchema, ingestReplySchema, requestRefusalSchema, type IngestReply } from '#protocol/api-schemas';
import { acksOf, type IngestPipeline } from '../ingest/ingest-pipeline';
import type { FrameResult } from '../ingest/frame-validation';
import { prepareParseEvent } from '#protocol/parse-event';
import { FrameValidator } from '../ingest/frame-validator';
import { ProducerReplies } from '../ingest/producer-replies';
import { BodyBudget } from '../ingest/body-budget';
import { sentValidationRefusal } from './parse-request';
import { parseIngestLine } from '../ingest/ingest-item';
import type { IngestItem } from '../ingest/ingest-item';
import { isRetryableRefusal } from '../store/store-errors';
import {
  addressRateLimiter,
  applyEventSizeLimit,
  connectionRateLimiter,
  eventTooLargeError,
  describeLimit,
  formatBytes,
  lineTooLarge,
  type IngestLimits,
} from '../ingest/ingest-limits';
import { admitBatch } from '../ingest/batch-admission';
import type { TokenBucket } from '../ingest/token-bucket';

const NDJSON = 'application/x-ndjson';
/**
 * What POST /events reads. Never a type a browser may send cross-site without
 * asking first (text/plain, forms): with no tokens (the loopback default) any
 * page the user visits could otherwise write events. These need a CORS
 * preflight, which only TETHER_CORS_ORIGINS pass.
 */
export const ndjsonContentTypes: readonly string[] = [NDJSON, 'application/jsonl'];

/** `application/x-ndjson; charset=utf-8` -> `application/x-ndjson`. */
const mediaTypeOf = (header: string | undefined): string => (header ?? '').split(';')[0]!.trim().toLowerCase();

const contentTypeError = (header: string | undefined): string =>
  `Content-Type ${header === undefined ? '(none)' : JSON.stringify(header)} is not accepted: send NDJSON (one event per line) as ${ndjsonContentTypes.join(' or ')}`;

/** How long start-up waits for the validation worker before listening without it. */
const workerStartWaitMs = 2000;

/** How long shutdown waits for the replies owed before closing the producer sockets anyway. */
const shutdownReplyWaitMs = 2000;
/** Shutdown closes the producer sockets once no frame has arrived for this long. */
const shutdownQuietMs = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Neither ingest route takes a parameter: a socket's `?token=` is taken out by
 * server/security/auth.ts before validation, and `POST /events` has it in a header.
 */
const noParameters = z.strictObject({});
/** What `POST /events` answers: per line (200, and 400 when no line was valid), or refused as a whole. */
const eventsResponseSchemas = {
  200: ingestReplySchema,
  400: z.union([ingestReplySchema, requestRefusalSchema]),
  413: ingestRefusalSchema,
  415: ingestRefusalSchema,
  422: ingestRefusalSchema,
  429: ingestRefusalSchema,
  503: ingestRefusalSchema,
};

/** The reason producers are given when the server stops. */
const shutdownReason = 'server shutting down';

/**
 * Producers: one event or an array per WebSocket frame, and NDJSON batches over
 * HTTP, into `app.pipeline`. On close (a `preClose` hook, after the app's drain:
 * server/app.ts) every frame still arriving is answered retryable, every reply
 * owed is sent, then each producer socket is closed with the reason.
 */
export function registerIngestRoutes(app: FastifyInstance, limits: IngestLimits): void {
  const { pipeline } = app;
  const { maxBodyBytes } = limits;
  const sockets = new Map<WebSocket, ProducerReplies>();
  let shuttingDown: string | null = null;
  let lastFrameAtMs = 0;
  const httpRate = addressRateLimiter(limits);
  // Compiled now, not while the first producer frame waits.
  prepareParseEvent();
  const validator = new FrameValidator(app.log as unknown as Logger);
  // Listen once the worker takes frames (a few hundred milliseconds), so that the first bulk
  // producers are not validated on the main thread; a worker slow to start only delays that.
  app.addHook('onReady', () => validator.whenReady(workerStartWaitMs));
  app.addHook('onClose', () => validator.close());

  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/ingest', { websocket: true, schema: { querystring: noParameters } }, (socket) => {
    // A large frame is validated on the worker thread, so frames may finish validating
    // later than they arrived; each is still submitted, and answered, in arrival order.
    let submitted: Promise<unknown> = Promise.resolve();
    const rate = connectionRateLimiter(limits);
    const replies = new ProducerReplies(socket, limits.sendBufferBytes, limits.requestTimeoutMs);
    sockets.set(socket, replies);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data, isBinary) => {
      lastFrameAtMs = Date.now();
      if (shuttingDown !== null) {
        // Answered, not dropped: the producer resends it elsewhere or after the restart.
        replies.enqueue(Promise.resolve({ kind: 'error', error: `${shuttingDown}: nothing in this frame was stored; resend it`, retryable: true }));
        return;
      }
      const frame = isBinary ? binaryFrame : new Promise<FrameResult>((resolve) => resolve(validator.validate(bytesOf(data))));
      // Wrapped, so that the next frame waits for this one's submit, not for its commit.
      const reply = submitted
        .then(() => frame)
        // Validation refuses bad events one by one; should it ever throw, the frame is refused, and later frames still get their replies.
        .then((result) => ({ answer: submitFrame(pipeline, result, limits, rate) }), (err: unknown) => ({ answer: Promise.resolve(unvalidatable(err)) }));
      submitted = reply;
      replies.enqueue(reply.then((r) => r.answer));
    });
  });

  app.addContentTypeParser([...ndjsonContentTypes], { parseAs: 'string', bodyLimit: maxBodyBytes }, (_req, body, done) => done(null, body));

  const errorHandler = (err: Error & { code?: string }, _req: unknown, reply: FastifyReply) => {
    if (sentValidationRefusal(err, reply)) return reply;
    if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.send(err);
    const error = `body is over the maxBodyBytes limit of ${formatBytes(maxBodyBytes)} (${envNames.maxBodyBytes}): send smaller batches`;
    return reply.code(413).send({ error, retryable: false });
  };

  const bodyBudget = new BodyBudget(limits.maxBodyBytesInFlight);
  // Judged on the headers, before a byte of the body is read: its type, and room for it.
  const admitBody = async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers['content-type'];
    if (!ndjsonContentTypes.includes(mediaTypeOf(header))) return reply.code(415).send({ error: contentTypeError(header), retryable: false });
    const announced = Number(req.headers['content-length']);
    // Over the body limit: Fastify answers 413 from the length alone, reading nothing.
    if (announced > maxBodyBytes) return;
    const bytes = Number.isSafeInteger(announced) && announced >= 0 ? announced : maxBodyBytes;
    if (!bodyBudget.reserve(bytes)) {
      const error = `the server is receiving ${formatBytes(bodyBudget.reservedBytes)} of bodies at once, ${describeLimit('maxBodyBytesInFlight', formatBytes(limits.maxBodyBytesInFlight))}: retry shortly`;
      return reply.code(503).header('retry-after', '1').send({ error, retryable: true });
    }
    reply.raw.once('close', () => bodyBudget.release(bytes));
  };

  // The body is NDJSON, parsed line by line below (each line's refusal names its line): no body schema.
  const schema = { querystring: noParameters, response: eventsResponseSchemas };
  routes.post('/api/v1/events', { bodyLimit: maxBodyBytes, errorHandler, onRequest: admitBody, schema }, async (req, reply) => {
    if (typeof req.body !== 'string') return reply.code(415).send({ error: contentTypeError(req.headers['content-type']), retryable: false });
    const items: IngestItem[] = [];
    const rejected: IngestReply['rejected'] = [];
    // A byte-order mark is not part of the first event (editors on Windows add one); files drop it too.
    const lines = (req.body.startsWith('\uFEFF') ? req.body.slice(1) : req.body).split('\n');
    const lineCount = lines.reduce((n, line) => (line.trim() === '' ? n : n + 1), 0);
    const admission = admitBatch(lineCount, 'body', limits, (events) => httpRate(req.ip, events, Date.now()), (n) => pipeline.countRejected(n));
    if (!admission.ok && admission.refusal === 'too-many-events') return reply.code(413).send({ error: admission.error, retryable: false });
    if (!admission.ok) {
      const { error, retryAfterMs } = admission;
      return reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000))).code(429).send({ error, retryable: true, retry_after_ms: retryAfterMs });
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
      const refused = { error: (err as Error).message, accepted: 0, duplicates: 0, rejected };
      // 422: the events themselves broke a store rule, so sending them again cannot help.
      if (!isRetryableRefusal(err)) return reply.code(422).send({ ...refused, retryable: false });
      return reply.header('retry-after', '1').code(503).send({ ...refused, retryable: true });
    }
  });

  app.addHook('preClose', async () => {
    shuttingDown = shutdownReason;
    if (sockets.size === 0) return;
    const deadline = Date.now() + shutdownReplyWaitMs;
    // Frames already on their way (in the kernel, not yet read) are read and answered too: the
    // sockets close once their producers have been quiet a moment, or at the deadline.
    do {
      await sleep(shutdownQuietMs);
    } while (Date.now() - lastFrameAtMs < shutdownQuietMs && Date.now() < deadline);
    const owed = Promise.all([...sockets.values()].map((replies) => replies.whenSent()));
    await Promise.race([owed, sleep(Math.max(0, deadline - Date.now()))]);
    for (const socket of sockets.keys()) socket.close(1001, shutdownReason);
  });
}

/** A frame's bytes as one Buffer, whatever form the WebSocket library delivered them in. */
const bytesOf = (data: RawData): Buffer => (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));

const unvalidatable = (err: unknown): IngestFrameReplyJson => ({ kind: 'error', error: `frame could not be validated: ${(err as Error).message}`, retryable: false });

const binaryFrame: FrameResult = { kind: 'malformed', error: 'binary frames are not accepted: send JSON text' };

async function submitFrame(pipeline: IngestPipeline, frame: FrameResult, limits: IngestLimits, rate: TokenBucket | null): Promise<IngestFrameReplyJson> {
  const elements = frame.kind === 'malformed' ? 1 : frame.items.length + frame.rejected.length;
  const admission = admitBatch(elements, 'frame', limits, (events) => rate?.take(events, Date.now()) ?? { ok: true }, (n) => pipeline.countRejected(n));
  if (!admission.ok && admission.refusal === 'rate') return { kind: 'error', error: admission.error, retryable: true, retry_after_ms: admission.retryAfterMs };
  if (!admission.ok) return { kind: 'error', error: admission.error, retryable: false };
  if (frame.kind === 'malformed') {
    // A binary frame is refused without being counted, as it always was.
    if (frame !== binaryFrame) pipeline.countRejected(1);
    return { kind: 'error', error: frame.error, retryable: false };
  }
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
    return { kind: 'error', error: (err as Error).message, retryable: isRetryableRefusal(err) };
  }
}
