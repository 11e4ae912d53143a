import { z } from 'zod';

// `/api/v1/health`: what the server reports about itself and the sources it follows.

/** Webhook delivery of alerts, in `/api/v1/health`. */
export const alertDeliveryHealthSchema = z.object({
  webhooks: z.number().int(),
  /** Deliveries still to be made (first tries and retries). */
  pending: z.number().int(),
  /** Deliveries given up after every retry. */
  failed: z.number().int(),
  last_failure: z.object({ url: z.string(), error: z.string(), ts_ms: z.number() }).nullable(),
});
export type AlertDeliveryHealth = z.infer<typeof alertDeliveryHealthSchema>;

/** Following `codetether serve`'s bus (`--codetether-serve`), in `/api/v1/health`. */
export const codetetherServeHealthSchema = z.object({
  /** The bus stream followed, without credentials or query. */
  url: z.string(),
  connected: z.boolean(),
  /** Since when the current connection is up (RFC 3339), null while down. */
  connected_since: z.string().nullable(),
  /** Connection attempts after the first, after a drop or a failure. */
  reconnects: z.number().int(),
  /** `lag` events: the agent's bus dropped envelopes this follower was too slow for. */
  lag_events: z.number().int(),
  /** Envelopes those lag events said were skipped (lost). */
  lagged_messages: z.number().int(),
  /** Events taken into the pipeline (stored or passed on live), and those already stored (a replay). */
  events: z.number().int(),
  duplicates: z.number().int(),
  /** Task updates that could not be made valid events (counted in `ingest.rejected` too). */
  rejected: z.number().int(),
  last_event_at: z.string().nullable(),
  /** What went wrong last (a refused token, nothing listening, a dropped stream), and when; kept after recovery. */
  last_error: z.string().nullable(),
  last_error_at: z.string().nullable(),
});
export type CodetetherServeHealth = z.infer<typeof codetetherServeHealthSchema>;

/**
 * Whether the store can take events. Not writable: ingest is refused as retryable,
 * with `problem` saying why (the SQLite file was deleted or replaced under the server).
 */
export const storeStateSchema = z.object({
  writable: z.boolean(),
  problem: z.string().nullable(),
});
export type StoreState = z.infer<typeof storeStateSchema>;

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptime_s: z.number(),
  store: z.string(),
  store_state: storeStateSchema,
  head_cursor: z.number(),
  sessions: z.number(),
  live_clients: z.number(),
  ingest: z.object({
    accepted: z.number(),
    duplicates: z.number(),
    rejected: z.number(),
    unknown_types: z.number(),
  }),
  /** How committed batches reach browsers: this process only, or NATS across replicas (with its connection state). */
  bus: z.object({
    kind: z.enum(['local', 'nats']),
    connected: z.boolean(),
    subject: z.string().optional(),
    /** The highest cursor this replica has fanned out. */
    delivered_head: z.number().optional(),
    /** Times a gap in the bus was filled by reading the store. */
    gap_fills: z.number().optional(),
  }),
  /** Alert webhooks (server/alerts/): what is still to be sent and what failed. */
  alerts: alertDeliveryHealthSchema.optional(),
  /** Present when the server follows a `codetether serve` bus. */
  codetether_serve: codetetherServeHealthSchema.optional(),
  /** OTLP records read since start-up (server/otlp/): log records, spans, and metric data points (accepted, not used). */
  otlp: z.object({ log_records: z.number(), spans: z.number(), metric_data_points: z.number() }).optional(),
  /** Silence (ms) after which an active session is abandoned: TETHER_ABANDONED_AFTER_MIN, as the `abandoned` alert uses it; the dashboard's status reads it. */
  abandoned_after_ms: z.number().optional(),
});
export type Health = z.infer<typeof healthSchema>;
