import type { FastifyInstance } from 'fastify';
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

const NDJSON = 'application/x-ndjson';

/** How long start-up waits for the validation worker before listening without it. */
const workerStartWaitMs = 2000;

/** Producers: one event or an array per WebSocket frame, and NDJSON batches over HTTP. */
export function registerIngestRoutes(app: FastifyInstance, pipeline: IngestPipeline, maxBodyBytes: number): void {
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
    socket.on('message', (data, isBinary) => {
      const frame = isBinary ? binaryFrame : validator.validate(bytesOf(data));
      // Wrapped, so that the next frame waits for this one's submit, not for its commit.
      const reply = submitted.then(() => frame).then((result) => ({ answer: submitFrame(pipeline, result) }));
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

  app.post('/api/v1/events', { bodyLimit: maxBodyBytes }, async (req, reply) => {
    if (typeof req.body !== 'string') {
      return reply.code(415).send({ error: `send NDJSON with Content-Type: ${NDJSON} (one event per line)` });
    }
    const items: IngestItem[] = [];
    const rejected: IngestReply['rejected'] = [];
    req.body.split('\n').forEach((raw, index) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') return;
      const parsed = parseIngestLine(line);
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
      return reply.code(503).send({ error: (err as Error).message, accepted: 0, duplicates: 0, rejected });
    }
  });
}

/** A frame's bytes as one Buffer, whatever form the WebSocket library delivered them in. */
const bytesOf = (data: RawData): Buffer => (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));

const binaryFrame: FrameResult = { kind: 'malformed', error: 'binary frames are not accepted: send JSON text' };

async function submitFrame(pipeline: IngestPipeline, frame: FrameResult): Promise<IngestFrameReply> {
  if (frame.kind === 'malformed') {
    // A binary frame is refused without being counted, as it always was.
    if (frame !== binaryFrame) pipeline.countRejected(1);
    return { kind: 'error', error: frame.error, retryable: false };
  }
  const { items, rejected } = frame;
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
