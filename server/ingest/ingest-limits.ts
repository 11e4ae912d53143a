import { envNames, type ServerConfig } from '../config';
import type { IngestItem } from './ingest-item';
import type { FrameRejection } from './frame-validation';
import { TokenBucket, type TokenGrant } from './token-bucket';

/** What one producer may send: each refusal names the limit, its value and the setting that changes it. */
export interface IngestLimits {
  maxBodyBytes: number;
  /** NDJSON bodies being received at once, all connections together. */
  maxBodyBytesInFlight: number;
  maxEventBytes: number;
  maxBatchEvents: number;
  /** Per connection; 0: no limit. */
  eventsPerSecond: number;
  /** How deep one event may nest objects and arrays (server/ingest/event-depth.ts). */
  maxEventDepth: number;
  /** Unread replies queued on one producer WebSocket before the server stops reading it (server/ingest/producer-replies.ts). */
  sendBufferBytes: number;
  /** How long a request, or a producer not reading its replies, may hang. */
  requestTimeoutMs: number;
}

export function ingestLimitsOf(config: ServerConfig): IngestLimits {
  return {
    maxBodyBytes: config.maxBodyBytes,
    maxBodyBytesInFlight: config.maxBodyBytesInFlight,
    maxEventBytes: config.maxEventBytes,
    maxBatchEvents: config.maxBatchEvents,
    eventsPerSecond: config.ingestEventsPerSecond,
    maxEventDepth: config.maxEventDepth,
    sendBufferBytes: config.ingestSendBufferBytes,
    requestTimeoutMs: config.requestTimeoutMs,
  };
}

type LimitSetting = 'maxBodyBytesInFlight' | 'ingestSendBufferBytes' | 'maxEventBytes' | 'maxEventDepth' | 'maxBatchEvents' | 'ingestEventsPerSecond' | 'maxIngestConnections' | 'maxLiveConnections';

/** `the maxEventBytes limit of 1 MiB (TETHER_MAX_EVENT_BYTES)`: what the operator greps the docs for. */
export function describeLimit(setting: LimitSetting, value: string): string {
  return `the ${setting} limit of ${value} (${envNames[setting]})`;
}

const KIB = 1024;
const MIB = 1024 * KIB;

export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${+(bytes / MIB).toFixed(2)} MiB`;
  if (bytes >= KIB) return `${+(bytes / KIB).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

export function eventTooLargeError(bytes: number, limits: IngestLimits): string {
  return `event is ${formatBytes(bytes)} of JSON, over ${describeLimit('maxEventBytes', formatBytes(limits.maxEventBytes))}`;
}

export function batchTooLargeError(count: number, unit: 'frame' | 'body', limits: IngestLimits): string {
  const holds = unit === 'frame' ? `frame holds ${count} events` : `body holds ${count} lines`;
  return `${holds}, over ${describeLimit('maxBatchEvents', String(limits.maxBatchEvents))}: send smaller batches`;
}

export function rateLimitError(retryAfterMs: number, limits: IngestLimits, per: 'connection' | 'client address' = 'connection'): string {
  return `rate limited: over ${describeLimit('ingestEventsPerSecond', `${limits.eventsPerSecond} events a second per ${per}`)}; retry after ${retryAfterMs} ms`;
}

/** A line's size in bytes is only counted when it could be over the limit (UTF-8 is at most 3 bytes per UTF-16 unit). */
export function lineTooLarge(line: string, limits: IngestLimits): number | null {
  if (line.length * 3 <= limits.maxEventBytes) return null;
  const bytes = Buffer.byteLength(line);
  return bytes > limits.maxEventBytes ? bytes : null;
}

/**
 * Refuses the items of a validated frame whose JSON is over `maxEventBytes`, each
 * at its index in the frame (items keep frame order, minus the elements already
 * refused), so its valid neighbours still go in.
 */
export function applyEventSizeLimit(
  items: IngestItem[],
  rejected: FrameRejection[],
  limits: IngestLimits,
): { items: IngestItem[]; rejected: FrameRejection[] } {
  if (!items.some((item) => item.json.length * 3 > limits.maxEventBytes)) return { items, rejected };
  const alreadyRejected = new Set(rejected.map((r) => r.index));
  const kept: IngestItem[] = [];
  const refused = [...rejected];
  let index = 0;
  for (const item of items) {
    while (alreadyRejected.has(index)) index++;
    const bytes = Buffer.byteLength(item.json);
    if (bytes > limits.maxEventBytes) refused.push({ index, error: eventTooLargeError(bytes, limits) });
    else kept.push(item);
    index++;
  }
  refused.sort((a, b) => a.index - b.index);
  return { items: kept, rejected: refused };
}

/** One connection's allowance: a second's worth of events, refilled at the rate; null without a limit. */
export function connectionRateLimiter(limits: IngestLimits, nowMs = Date.now()): TokenBucket | null {
  return limits.eventsPerSecond > 0 ? new TokenBucket(limits.eventsPerSecond, limits.eventsPerSecond, nowMs) : null;
}

/** Client addresses remembered at most; the oldest is forgotten first (it then starts with a full allowance). */
const MAX_TRACKED_ADDRESSES = 4096;

/**
 * HTTP batches: one allowance per client address, since an HTTP client may spread
 * its requests over several keep-alive connections.
 */
export function addressRateLimiter(limits: IngestLimits): (address: string, events: number, nowMs: number) => TokenGrant {
  const buckets = new Map<string, TokenBucket>();
  return (address, events, nowMs) => {
    if (limits.eventsPerSecond <= 0) return { ok: true };
    let bucket = buckets.get(address);
    if (bucket === undefined) {
      if (buckets.size >= MAX_TRACKED_ADDRESSES) buckets.delete(buckets.keys().next().value!);
      bucket = connectionRateLimiter(limits, nowMs)!;
      buckets.set(address, bucket);
    }
    return bucket.take(events, nowMs);
  };
}
