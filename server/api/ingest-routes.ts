import type { FastifyInstance } from 'fastify';
import type { IngestAck, IngestFrameReply } from '../../src/protocol/live-messages';
import type { IngestReply } from '../../src/protocol/api-schemas';
import { acksOf, type IngestPipeline } from '../ingest/ingest-pipeline';
import { parseIngestLine, parseIngestValue } from '../ingest/ingest-item';
import type { IngestItem } from '../store/event-store';

const NDJSON = 'application/x-ndjson';

/** Producers: one event or an array per WebSocket frame, and NDJSON batches over HTTP. */
export function registerIngestRoutes(app: FastifyInstance, pipeline: IngestPipeline, maxBodyBytes: number): void {
  app.get('/api/v1/ingest', { websocket: true }, (socket) => {
    // Replies go out in frame order even though commits are asynchronous.
    let replies = Promise.resolve();
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      const reply = handleFrame(pipeline, text);
      replies = replies.then(async () => {
        const message = await reply;
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

async function handleFrame(pipeline: IngestPipeline, text: string | null): Promise<IngestFrameReply> {
  if (text === null) return { kind: 'error', error: 'binary frames are not accepted: send JSON text', retryable: false };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    pipeline.countRejected(1);
    return { kind: 'error', error: `malformed JSON: ${(err as Error).message}`, retryable: false };
  }
  const values = Array.isArray(value) ? value : [value];
  const items: IngestItem[] = [];
  const rejected: IngestAck['rejected'] = [];
  values.forEach((v, index) => {
    const parsed = parseIngestValue(v);
    if (parsed.ok) items.push(parsed.item);
    else rejected.push({ index, error: parsed.error });
  });
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
