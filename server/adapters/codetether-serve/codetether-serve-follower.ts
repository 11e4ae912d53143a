import type { Logger } from 'pino';
import type { CodetetherServeHealth } from '#protocol/health-schemas';
import type { SubmitItems } from '../../ingest/files/followed-file';
import { ReconnectBackoff } from '../../producer/reconnect-backoff';
import type { IngestItem } from '../../ingest/ingest-item';
import { parseLagCount } from './bus-envelope';
import { mapBusData } from './bus-event-mapping';
import { BusSeqAssigner } from './bus-seq';
import { busStreamUrlOf, displayUrlOf, openBusStream, readSseBatches, type SseBatch } from './bus-stream-client';

export interface CodetetherServeOptions {
  /** `codetether serve`'s address (http://127.0.0.1:4096) or its stream URL. */
  url: string;
  /** CODETETHER_AUTH_TOKEN: sent as `Authorization: Bearer`. */
  token?: string;
  /** The pipeline's submit. */
  submit: SubmitItems;
  /** The pipeline's countRejected: refused bus events show in the ingest counters. */
  countRejected?: (n: number) => void;
  log: Logger;
  /** Reconnect back-off: first delay and cap. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** No byte for this long (axum sends a keep-alive every 15 s) and the connection is taken as dead. */
  idleTimeoutMs?: number;
  /** Longest unfinished SSE event, in characters. */
  maxEventChars?: number;
}

export interface CodetetherServeFollower {
  status(): CodetetherServeHealth;
  stop(): Promise<void>;
}

const MAX_REFUSALS_LOGGED = 20;

class IdleTimeout extends Error {}

/** undici says only `terminated`; its cause says why (`other side closed`, `ECONNRESET`). */
function describeStreamError(err: unknown): string {
  const message = (err as Error).message;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const why = typeof cause?.message === 'string' && cause.message ? cause.message : typeof cause?.code === 'string' ? cause.code : null;
  return why && why !== message ? `${message} (${why})` : message;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows `codetether serve`'s bus (`GET /v1/bus/stream`): task updates become
 * protocol events of session `<task id>`, submitted to the ingest pipeline one
 * chunk at a time (the next chunk is read only once the last is committed).
 * Reconnects with back-off whenever the stream fails or ends; what a reconnect
 * replays is recognised by its seq and stored once (bus-seq.ts).
 */
export function followCodetetherServe(options: CodetetherServeOptions): CodetetherServeFollower {
  const url = busStreamUrlOf(options.url);
  const shown = displayUrlOf(url);
  const log = options.log;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const maxEventChars = options.maxEventChars ?? 32 * 1024 * 1024;
  const backoff = new ReconnectBackoff(options.retryBaseMs ?? 500, options.retryMaxMs ?? 30_000);
  const stopping = new AbortController();
  const state: CodetetherServeHealth = {
    url: shown, connected: false, connected_since: null, reconnects: 0, lag_events: 0, lagged_messages: 0,
    events: 0, duplicates: 0, rejected: 0, last_event_at: null, last_error: null, last_error_at: null,
  };

  /** The error last logged since the last good connection: a server down for hours is said once, not every retry. */
  let loggedError: string | null = null;
  /** Refused events logged on this connection: a producer sending only bad events must not flood the log. */
  let refusalsLogged = 0;

  function fail(message: string): void {
    if (message !== loggedError) log.warn({ url: shown }, `codetether serve: ${message}`);
    loggedError = message;
    state.last_error = message;
    state.last_error_at = new Date().toISOString();
  }

  /** Submits until committed; a store that refuses (full disk, lock) is retried, holding the stream back meanwhile. */
  async function submitCommitted(items: IngestItem[]): Promise<void> {
    const retry = new ReconnectBackoff(200, 10_000);
    while (!stopping.signal.aborted) {
      try {
        const outcomes = await options.submit(items);
        for (const outcome of outcomes) {
          if (outcome.kind === 'duplicate') state.duplicates++;
          else state.events++;
        }
        return;
      } catch (err) {
        fail(`events could not be stored, retrying: ${(err as Error).message}`);
        await sleep(retry.nextDelayMs(), stopping.signal);
      }
    }
  }

  async function handle(batch: SseBatch, seqs: BusSeqAssigner): Promise<void> {
    const items: IngestItem[] = [];
    for (const message of batch.messages) {
      if (message.event === 'lag') {
        // The agent's broadcast channel dropped envelopes this subscriber was too slow for: they are gone.
        state.lag_events++;
        state.lagged_messages += parseLagCount(message.data);
        log.warn({ url: shown, data: message.data }, `codetether serve: the bus stream lagged (${message.data}); those events are lost`);
        continue;
      }
      if (message.event !== 'bus') continue; // `keepalive` (a topic this token may not see) and anything newer
      const outcome = mapBusData(message.data, seqs);
      if (outcome.kind === 'event') items.push(outcome.item);
      else if (outcome.kind === 'rejected') {
        state.rejected++;
        options.countRejected?.(1);
        if (++refusalsLogged <= MAX_REFUSALS_LOGGED) {
          const more = refusalsLogged === MAX_REFUSALS_LOGGED ? ' (further refusals on this connection are counted in health, not logged)' : '';
          log.warn({ url: shown }, `codetether serve: event refused: ${outcome.error}${more}`);
        }
      }
    }
    if (items.length === 0) return;
    await submitCommitted(items);
    state.last_event_at = new Date().toISOString();
  }

  /** One connection, from the request to the end of its stream. */
  async function followOnce(): Promise<void> {
    const connection = new AbortController();
    const abort = () => connection.abort();
    stopping.signal.addEventListener('abort', abort, { once: true });
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => connection.abort(new IdleTimeout()), idleTimeoutMs);
    };
    try {
      armIdle();
      const body = await openBusStream(url, options.token, connection.signal);
      const reconnected = state.reconnects > 0;
      state.connected = true;
      state.connected_since = new Date().toISOString();
      loggedError = null;
      refusalsLogged = 0;
      log.info({ url: shown }, reconnected ? 'codetether serve: bus stream reconnected' : 'codetether serve: following the bus stream');
      const seqs = new BusSeqAssigner();
      let delivering = false;
      for await (const batch of readSseBatches(body, maxEventChars)) {
        // Only the network's silence counts: not the time a slow store takes to commit the batch.
        clearTimeout(idleTimer);
        // The back-off starts over once the stream delivers, not on a bare 200: a server that accepts and hangs up at once is retried ever more slowly.
        if (!delivering) backoff.reset();
        delivering = true;
        await handle(batch, seqs);
        armIdle();
      }
      if (!stopping.signal.aborted) fail('codetether serve ended the bus stream');
    } catch (err) {
      if (stopping.signal.aborted) return;
      if (connection.signal.reason instanceof IdleTimeout) fail(`no data, not even a keep-alive, for ${idleTimeoutMs >= 1000 ? `${Math.round(idleTimeoutMs / 1000)} s` : `${idleTimeoutMs} ms`}: reconnecting`);
      else fail(state.connected ? `the bus stream broke: ${describeStreamError(err)}` : (err as Error).message);
    } finally {
      clearTimeout(idleTimer);
      stopping.signal.removeEventListener('abort', abort);
      state.connected = false;
      state.connected_since = null;
    }
  }

  const running = (async () => {
    while (!stopping.signal.aborted) {
      await followOnce();
      if (stopping.signal.aborted) break;
      await sleep(backoff.nextDelayMs(), stopping.signal);
      if (!stopping.signal.aborted) state.reconnects++;
    }
  })();

  return {
    status: () => ({ ...state }),
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
