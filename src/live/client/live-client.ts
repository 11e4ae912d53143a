import type { SessionSummary } from '../../protocol/api-schemas';
import type { LiveServerMessage } from '../../protocol/live-messages';
import type { ConnectionStatus, LiveEventEntry, LiveOp } from '../live-types';
import { browserBackoff, retryDelayMs, type BackoffOptions } from '../../protocol/reconnect-backoff';
import { decodeServerMessage, toEntry } from './decode-message';

export interface SocketHandlers {
  open(): void;
  message(text: string): void;
  close(code: number, reason: string): void;
}
export interface SocketHandle {
  close(code?: number, reason?: string): void;
}
/** Opens a socket; the seam that lets tests run the client without a browser. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

/** Where the client's output goes; the module-level wiring (live-connection.ts) connects it to the stores. */
export interface LiveSink {
  status(status: ConnectionStatus): void;
  op(op: LiveOp): void;
  sessions(summaries: SessionSummary[]): void;
  /**
   * The server has sent everything up to now and streams live from here.
   * `fresh` (first time on a connection that did not resume): REST reads made
   * before may have missed what happened until now. Otherwise (resumed or
   * resynced): stored events were replayed, but summary pushes were not sent
   * while replaying, so summaries may be stale.
   */
  caughtUp(fresh: boolean): void;
  lagged(dropped: number): void;
  invalidEvent(error: string): void;
  serverError(message: string): void;
}

export interface LiveClientOptions {
  url: (cursor: number | null) => string;
  socket: SocketFactory;
  sink: LiveSink;
  random?: () => number;
  backoff?: BackoffOptions;
  /** A socket that has not said hello by then is given up on (a proxy can hold a dead upgrade open). */
  connectTimeoutMs?: number;
  /** A connection that stayed up this long starts the back-off from scratch when it drops. */
  stableAfterMs?: number;
  /**
   * A connection ended before `hello`. A browser is not told why an upgrade was
   * refused, so this is the moment to ask the server whether a token is wanted.
   */
  onFailedBeforeHello?: () => void;
}

/**
 * The one browser WebSocket: connects, reconnects with exponential back-off and
 * jitter, tracks the highest stored cursor so a reconnect resumes exactly where
 * it stopped, and turns server messages into ops for the store.
 */
export class LiveClient {
  private readonly options: Required<LiveClientOptions>;
  private started = false;
  private online = true;
  private authorized = true;
  private socket: SocketHandle | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private helloTimer: ReturnType<typeof setTimeout> | null = null;
  /** Consecutive attempts that did not lead to a lasting connection; 0 before the first loss. */
  private attempt = 0;
  private liveSince: number | null = null;
  /** Highest stored cursor received; null until the first hello. */
  private cursor: number | null = null;
  /** The cursor this connection asked to resume from (null: a fresh start at the head). */
  private resumedFrom: number | null = null;
  /** Until the first `caught_up` of a connection that started fresh. */
  private freshStart = false;

  constructor(options: LiveClientOptions) {
    this.options = {
      random: Math.random,
      backoff: browserBackoff,
      connectTimeoutMs: 10_000,
      stableAfterMs: 10_000,
      onFailedBeforeHello: () => undefined,
      ...options,
    };
    // An option passed as undefined means "the default", not "none".
    this.options.backoff = options.backoff ?? browserBackoff;
  }

  /** The cursor a reconnect would resume after (for diagnostics and tests). */
  get resumeCursor(): number | null {
    return this.cursor;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (!this.authorized) this.options.sink.status({ kind: 'unauthorized' });
    else if (this.online) this.connect();
    else this.options.sink.status({ kind: 'offline' });
  }

  /**
   * The server refused our token (or wants one): no attempts until a token is
   * given, since each would be refused the same way. When authorized again,
   * one attempt at once, with the back-off from scratch.
   */
  setAuthorized(authorized: boolean): void {
    if (authorized === this.authorized) return;
    this.authorized = authorized;
    if (!this.started) return;
    this.clearTimer('retry');
    if (authorized) {
      this.attempt = 0;
      if (this.online) this.connect();
      else this.options.sink.status({ kind: 'offline' });
    } else {
      this.dropSocket();
      this.options.sink.status({ kind: 'unauthorized' });
    }
  }

  /**
   * "Retry now": while waiting out a back-off delay, try at once. The attempt
   * count stays, so a server still down is not hammered by repeated clicks
   * beyond one try per click. Does nothing when connected or not retrying.
   */
  retryNow(): void {
    if (!this.started || !this.authorized || !this.online || this.retryTimer === null) return;
    this.connect();
  }

  stop(): void {
    this.started = false;
    this.dropSocket();
    this.clearTimer('retry');
  }

  /** The browser's online/offline events: no attempts while offline, one at once when back. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (!this.started || !this.authorized) return;
    if (online) {
      this.connect();
    } else {
      this.dropSocket();
      this.clearTimer('retry');
      this.options.sink.status({ kind: 'offline' });
    }
  }

  private connect(): void {
    this.clearTimer('retry');
    this.dropSocket();
    this.resumedFrom = this.cursor;
    this.options.sink.status(this.attempt === 0 ? { kind: 'connecting' } : { kind: 'reconnecting', attempt: this.attempt, retryAt: null, delayMs: null });
    const handle: SocketHandle = this.options.socket(this.options.url(this.cursor), {
      open: () => undefined, // `hello` is the real sign of life; the timer below waits for it.
      message: (text) => {
        if (this.socket === handle) this.onMessage(text);
      },
      close: () => {
        if (this.socket === handle) this.onLost();
      },
    });
    this.socket = handle;
    this.helloTimer = setTimeout(() => this.onLost(), this.options.connectTimeoutMs);
  }

  /** The connection is gone (closed, failed, or never said hello): schedule the next attempt. */
  private onLost(): void {
    const wasStable = this.liveSince !== null && Date.now() - this.liveSince >= this.options.stableAfterMs;
    const saidHello = this.liveSince !== null;
    this.dropSocket();
    if (!this.started || !this.authorized) return;
    if (!this.online) {
      this.options.sink.status({ kind: 'offline' });
      return;
    }
    this.attempt = wasStable ? 1 : this.attempt + 1;
    const delay = retryDelayMs(this.attempt, this.options.random, this.options.backoff);
    this.options.sink.status({ kind: 'reconnecting', attempt: this.attempt, retryAt: Date.now() + delay, delayMs: delay });
    this.retryTimer = setTimeout(() => this.connect(), delay);
    if (!saidHello) this.options.onFailedBeforeHello();
  }

  private onMessage(text: string): void {
    const decoded = decodeServerMessage(text);
    if (!decoded.ok) {
      this.options.sink.serverError(`Unreadable message from the server: ${decoded.error}`);
      return;
    }
    this.handle(decoded.message);
  }

  private handle(message: LiveServerMessage): void {
    const { sink } = this.options;
    switch (message.kind) {
      case 'hello': {
        this.clearTimer('hello');
        // `attempt` is not reset here but when a connection that lasted drops:
        // a server that says hello and hangs up at once must still be backed off.
        this.liveSince = Date.now();
        const resuming = this.resumedFrom !== null;
        // A fresh start streams from the head: remember it, so a reconnect before
        // any event arrives still resumes from here. When resuming, the head is
        // ahead of us and the gap is about to be replayed: keep our own cursor.
        if (!resuming) this.cursor = Math.max(this.cursor ?? 0, message.head_cursor);
        this.freshStart = !resuming;
        sink.status({ kind: 'live', replaying: resuming && message.head_cursor > (this.resumedFrom ?? 0) });
        return;
      }
      case 'snapshot':
        sink.op({ kind: 'snapshot', entries: this.entriesOf(message.events.map((event) => ({ cursor: null, event }))) });
        return;
      case 'events': {
        const entries = this.entriesOf(message.events.filter(({ cursor }) => this.acceptCursor(cursor)));
        if (entries.length > 0) sink.op({ kind: 'events', entries });
        return;
      }
      case 'caught_up':
        // Everything up to here was sent (events of sessions we do not follow included, as skipped).
        this.cursor = Math.max(this.cursor ?? 0, message.cursor);
        sink.status({ kind: 'live', replaying: false });
        sink.caughtUp(this.freshStart);
        this.freshStart = false;
        return;
      case 'lagged':
        sink.lagged(message.dropped);
        return;
      case 'resync':
        // The server replays what this tab missed while it was behind, then says caught_up.
        // The cursor is left alone: stored events at or below it are dropped as duplicates.
        sink.status({ kind: 'live', replaying: true });
        return;
      case 'sessions':
        sink.sessions(message.sessions);
        return;
      case 'error':
        sink.serverError(message.error);
        return;
    }
  }

  /** Stored events arrive exactly once: anything at or below the highest cursor applied is a repeat. */
  private acceptCursor(cursor: number | null): boolean {
    if (cursor === null) return true;
    if (this.cursor !== null && cursor <= this.cursor) return false;
    this.cursor = cursor;
    return true;
  }

  private entriesOf(events: ReadonlyArray<{ cursor: number | null; event: unknown }>): LiveEventEntry[] {
    const entries: LiveEventEntry[] = [];
    for (const { cursor, event } of events) {
      const result = toEntry(cursor, event);
      if (result.ok) entries.push(result.entry);
      else this.options.sink.invalidEvent(result.error);
    }
    return entries;
  }

  private dropSocket(): void {
    this.clearTimer('hello');
    this.liveSince = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'client closing');
  }

  private clearTimer(which: 'retry' | 'hello'): void {
    const timer = which === 'retry' ? this.retryTimer : this.helloTimer;
    if (timer !== null) clearTimeout(timer);
    if (which === 'retry') this.retryTimer = null;
    else this.helloTimer = null;
  }
}
