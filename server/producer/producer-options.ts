import { pino, type BaseLogger } from 'pino';
import type { SessionEvent } from '#protocol/event-schemas';

/** The logging the client needs: any pino-compatible logger (pino itself, Fastify's `app.log`, a child). */
export type ProducerLog = Pick<BaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

export interface ProducerRejection {
  event: SessionEvent;
  error: string;
}

export interface ProducerClientOptions {
  /** The ingest socket, e.g. `ws://127.0.0.1:8080/api/v1/ingest`. */
  url: string;
  /** An `ingest` bearer token, sent in the Authorization header (never in the URL, which gets logged). */
  token?: string;
  log?: ProducerLog;
  /** Most events in one frame. Default 256. */
  maxBatch?: number;
  /**
   * Most bytes of JSON in one frame (a lone larger event still goes alone). An event
   * larger than this is refused here, never sent: a frame over the server's limit is
   * closed with 1009 and would be resent forever. Default 1 MiB, the server's default
   * largest event.
   */
  maxFrameBytes?: number;
  /** How long send() waits to coalesce events into one frame; 0 writes on the next microtask. Default 5. */
  flushIntervalMs?: number;
  /** Frames written and not yet answered before the client waits for replies. Default 16. */
  maxInFlightFrames?: number;
  /** A frame unanswered this long means a dead connection: it is dropped and re-opened. Default 30 s. */
  ackTimeoutMs?: number;
  /** Reconnect back-off: first delay and cap (exponential with jitter). Defaults 250 ms and 10 s. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** The server refused an event as invalid; resending would not help, so it is dropped after this call. */
  onRejected?: (rejection: ProducerRejection) => void;
  /** The server acknowledged these events (stored ones are committed): crash tests and delivery reports. */
  onAcked?: (events: readonly SessionEvent[]) => void;
}

export type ResolvedProducerOptions = Required<Omit<ProducerClientOptions, 'onRejected' | 'onAcked' | 'token'>> &
  Pick<ProducerClientOptions, 'onRejected' | 'onAcked' | 'token'>;

export function resolveProducerOptions(options: ProducerClientOptions): ResolvedProducerOptions {
  return {
    url: options.url,
    token: options.token,
    log: options.log ?? pino({ level: 'silent' }),
    maxBatch: Math.max(1, options.maxBatch ?? 256),
    maxFrameBytes: Math.max(1024, options.maxFrameBytes ?? 1 << 20),
    flushIntervalMs: Math.max(0, options.flushIntervalMs ?? 5),
    maxInFlightFrames: Math.max(1, options.maxInFlightFrames ?? 16),
    ackTimeoutMs: Math.max(100, options.ackTimeoutMs ?? 30_000),
    reconnectBaseMs: Math.max(1, options.reconnectBaseMs ?? 250),
    reconnectMaxMs: Math.max(1, options.reconnectMaxMs ?? 10_000),
    onRejected: options.onRejected,
    onAcked: options.onAcked,
  };
}

export interface ProducerStats {
  /** Events written for the first time. */
  sent: number;
  /** Writes of an event already written once (after a reconnect or a refused frame). */
  resent: number;
  /** Events an ack covered. */
  acked: number;
  /** Events the server refused as invalid (each reported through onRejected). */
  rejected: number;
  /** Ephemeral events dropped because no connection could carry them. */
  dropped: number;
  /** Events the server said it already had. */
  duplicates: number;
  /** Frames the server refused whole (`{"kind":"error"}`); their stored events were retried. */
  refusedFrames: number;
  /** Events waiting to be written. */
  queued: number;
  /** Stored events not yet acknowledged. */
  unacked: number;
  /** Connections opened, the first included. */
  connects: number;
}
