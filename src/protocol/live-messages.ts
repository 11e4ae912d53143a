import { z } from 'zod';
import { idMapSchema } from './id-map-schema';
import { sessionSummarySchema, storedEventSchema } from './api-schemas';

// The browser WebSocket (`/api/v1/live`). Every server message is one JSON
// object with a `kind`.

const looseEvent = storedEventSchema.shape.event;

/** One pushed event: `cursor` is the store's cursor for durable/history events, null for ephemeral ones. */
export const liveEventSchema = z.object({ cursor: z.number().int().nullable(), event: looseEvent });
export type LiveEvent = z.infer<typeof liveEventSchema>;

export const liveServerMessageSchema = z.discriminatedUnion('kind', [
  /** First message: the store's head cursor when the client joined. */
  z.object({ kind: z.literal('hello'), protocol: z.literal(1), head_cursor: z.number().int(), server_time_ms: z.number() }),
  /** The present ephemeral state of followed sessions (current text, last estimate, running tools...), as events to replay. */
  z.object({ kind: z.literal('snapshot'), events: z.array(looseEvent) }),
  /** Events in ingest order; stored ones carry increasing cursors. */
  z.object({ kind: z.literal('events'), events: z.array(liveEventSchema) }),
  /** Replay from the requested cursor has reached the live stream. */
  z.object({ kind: z.literal('caught_up'), cursor: z.number().int() }),
  /** Ephemeral events were dropped because this client fell behind. */
  z.object({ kind: z.literal('lagged'), dropped: z.number().int() }),
  /** The client fell too far behind for stored events too: they will be replayed from `cursor`. */
  z.object({ kind: z.literal('resync'), cursor: z.number().int(), reason: z.string() }),
  /** Fresh summaries of sessions that changed. */
  z.object({ kind: z.literal('sessions'), sessions: z.array(sessionSummarySchema) }),
  z.object({ kind: z.literal('error'), error: z.string() }),
]);
export type LiveServerMessage = z.infer<typeof liveServerMessageSchema>;

/** Client -> server: follow every session (`sessions: null`) or the listed ones, resuming after `cursor`. */
export const liveSubscribeSchema = z.object({
  kind: z.literal('subscribe'),
  sessions: z.array(z.string()).nullable(),
  cursor: z.number().int().min(0).optional(),
});
export type LiveSubscribe = z.infer<typeof liveSubscribeSchema>;

/** Producer ingest socket (`/api/v1/ingest`) replies. */
export const ingestAckSchema = z.object({
  kind: z.literal('ack'),
  /** Per session, the highest seq now committed (or deliberately not stored: ephemeral). A Map: a session may be called `__proto__`. */
  acks: idMapSchema(z.number().int()),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), error: z.string() })),
});
export type IngestAck = z.infer<typeof ingestAckSchema>;

/**
 * Producer ingest socket: the whole frame was refused and nothing in it was
 * acknowledged. `retryable`: the server could not commit (store unavailable,
 * shutting down) and the same frame may succeed later; otherwise the frame
 * itself is bad (malformed JSON, binary) and resending it cannot help.
 */
export const ingestRefusalSchema = z.object({
  kind: z.literal('error'),
  error: z.string(),
  retryable: z.boolean(),
  /** With a rate-limit refusal: how long to wait before sending again. */
  retry_after_ms: z.number().int().min(0).optional(),
});
export type IngestRefusal = z.infer<typeof ingestRefusalSchema>;

/** Every frame is answered, in frame order, by exactly one of these. */
export const ingestReplySchema = z.discriminatedUnion('kind', [ingestAckSchema, ingestRefusalSchema]);
export type IngestFrameReply = z.infer<typeof ingestReplySchema>;
/** A reply as the server writes it: `acks` a (null-prototype) object keyed by session id. */
export type IngestFrameReplyJson = z.input<typeof ingestReplySchema>;
