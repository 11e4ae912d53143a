import { batchTooLargeError, rateLimitError, type IngestLimits } from './ingest-limits';
import type { TokenGrant } from './token-bucket';

/** Whether a batch may go on to its events, or why not. */
export type BatchAdmission =
  | { ok: true }
  /** Over the event rate: retryable, after `retryAfterMs`. */
  | { ok: false; refusal: 'rate'; error: string; retryAfterMs: number }
  /** More events than `maxBatchEvents`: sending it again cannot help. */
  | { ok: false; refusal: 'too-many-events'; error: string };

/**
 * The one rule both producer transports apply to a batch (a WebSocket frame's
 * elements, an NDJSON body's lines) before its events are looked at one by one.
 * Every batch costs at least one event of the rate, empty, unreadable or refused:
 * each costs a validation and a reply. A batch over `maxBatchEvents` is refused
 * whole and its events counted as rejected.
 */
export function admitBatch(
  events: number,
  transport: 'frame' | 'body',
  limits: IngestLimits,
  /** This producer's allowance: its connection's (frames) or its address's (bodies). */
  takeRate: (events: number) => TokenGrant,
  countRejected: (events: number) => void,
): BatchAdmission {
  const grant = takeRate(Math.max(1, Math.min(events, limits.maxBatchEvents)));
  if (!grant.ok) {
    const error = rateLimitError(grant.retryAfterMs, limits, transport === 'frame' ? 'connection' : 'client address');
    return { ok: false, refusal: 'rate', error, retryAfterMs: grant.retryAfterMs };
  }
  if (events > limits.maxBatchEvents) {
    countRejected(events);
    return { ok: false, refusal: 'too-many-events', error: batchTooLargeError(events, transport, limits) };
  }
  return { ok: true };
}
