import WebSocket, { type RawData } from 'ws';
import { isStored } from '#protocol/event-class';
import type { SessionEvent } from '#protocol/event-schemas';
import { startAckWatchdog } from './ack-watchdog';
import { ackFitsFrame, parseIngestReply, settleFrame } from './ingest-reply';
import { UnackedBuffer, type PendingEvent } from './pending-event';
import { packFrame } from './pack-frame';
import {
  resolveProducerOptions,
  type ProducerClientOptions,
  type ProducerStats,
  type ResolvedProducerOptions,
} from './producer-options';
import { ReconnectBackoff } from './reconnect-backoff';
import { RetryQueue } from './retry-queue';
import { SettlementTracker } from './settlement-tracker';

/**
 * A producer for the ingest socket, shared by agents, the demo, tests and the
 * benchmark. Events are coalesced into array frames; stored (durable/history)
 * events are kept until an ack covers them and are resent after a reconnect, so
 * the server's `(session_id, seq)` deduplication makes delivery exactly-once.
 * Replies are matched to frames in order: the server must answer every frame once,
 * in the order received.
 */
export class ProducerClient {
  private readonly options: ResolvedProducerOptions;
  private readonly backoff: ReconnectBackoff;
  private readonly unacked = new UnackedBuffer();
  private readonly settlement = new SettlementTracker();
  private outgoing: PendingEvent[] = [];
  private readonly retries = new RetryQueue((due) => {
    this.outgoing.unshift(...due.filter((p) => this.unacked.has(p)));
    this.pump();
  });
  private inFlight: { events: PendingEvent[]; sentAtMs: number }[] = [];
  private socket: WebSocket | null = null;
  private isOpen = false;
  private isClosed = false;
  private nextSerial = 1;
  private flushScheduled = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopWatchdog: () => void = () => {};
  /** Whether a refused token was reported already (it is, once per client). */
  private warnedRefused = false;
  private connectedWaiters: (() => void)[] = [];
  private readonly counts = { sent: 0, resent: 0, acked: 0, rejected: 0, dropped: 0, duplicates: 0, refusedFrames: 0, connects: 0 };

  constructor(options: ProducerClientOptions) {
    this.options = resolveProducerOptions(options);
    this.backoff = new ReconnectBackoff(this.options.reconnectBaseMs, this.options.reconnectMaxMs);
    this.connect();
  }

  /** Queues one event; the caller has set session_id, seq, ts and type. */
  send(event: SessionEvent): void {
    if (this.isClosed) throw new Error('ProducerClient.send() after close()');
    const stored = isStored(event.type);
    // Ephemeral events are live-only ticks that a newer one supersedes: with no
    // connection to carry them now, dropping them is what the protocol allows.
    if (!stored && !this.isOpen) {
      this.counts.dropped++;
      return;
    }
    const pending: PendingEvent = { serial: this.nextSerial++, event, stored, writes: 0 };
    this.settlement.track(pending.serial);
    // A reused (session_id, seq) supersedes the earlier event, which is no longer waited for.
    const superseded = stored ? this.unacked.add(pending) : undefined;
    if (superseded) this.settlement.settle(superseded.serial);
    this.outgoing.push(pending);
    if (this.outgoing.length >= this.options.maxBatch) this.pump();
    else this.scheduleFlush();
  }

  /** Writes what is queued now, then resolves once everything sent so far is acknowledged. */
  flush(timeoutMs?: number): Promise<void> {
    this.pump();
    return this.whenAcked(timeoutMs);
  }

  /** Resolves once every event sent so far is acknowledged, rejected or (ephemeral) dropped. */
  whenAcked(timeoutMs?: number): Promise<void> {
    return this.settlement.whenSettled(this.nextSerial - 1, timeoutMs);
  }

  /** Resolves when a connection is open (at once if one is; never after close()). */
  whenConnected(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  get connected(): boolean {
    return this.isOpen;
  }

  get stats(): ProducerStats {
    return { ...this.counts, queued: this.outgoing.length, unacked: this.unacked.size };
  }

  /** Stops at once: unacknowledged events are abandoned and pending whenAcked() calls reject. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const timer of [this.flushTimer, this.reconnectTimer]) if (timer) clearTimeout(timer);
    this.retries.clear();
    this.stopWatchdog();
    this.settlement.abandon(new Error(`producer closed with ${this.unacked.size} stored events unacknowledged`));
    const socket = this.socket;
    this.socket = null;
    this.isOpen = false;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, 'producer closing');
    });
  }

  private connect(): void {
    const token = this.options.token;
    const socket = new WebSocket(this.options.url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    this.socket = socket;
    let openedAtMs = 0;
    socket.on('open', () => {
      openedAtMs = Date.now();
      this.handleOpen();
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (socket === this.socket) this.handleReply(isBinary ? null : data.toString());
    });
    socket.on('error', (err) => {
      // The upgrade refused for want of a (valid) ingest token: retrying cannot help until the token is fixed, so say so once.
      if (/Unexpected server response: 40[13]\b/.test(err.message) && !this.warnedRefused) {
        this.warnedRefused = true;
        this.options.log.warn({ url: this.options.url, error: err.message }, token ? 'the server refused the ingest token' : 'the server requires an ingest token');
      } else {
        this.options.log.debug({ err, url: this.options.url }, 'ingest socket error');
      }
    });
    socket.on('close', (code, reason) => {
      if (socket !== this.socket) return;
      // A connection that lasted resets the back-off (so does any ack); one that opens and dies at once does not.
      if (openedAtMs > 0 && Date.now() - openedAtMs > 5000) this.backoff.reset();
      this.handleClose(code, reason.toString());
    });
  }

  private handleOpen(): void {
    this.isOpen = true;
    this.counts.connects++;
    // Everything the server has not confirmed goes again, oldest first; it deduplicates.
    this.outgoing = this.unacked.inSendOrder();
    if (this.outgoing.length > 0) this.options.log.info({ events: this.outgoing.length }, 'ingest socket open; resending unacknowledged events');
    else this.options.log.debug({ url: this.options.url }, 'ingest socket open');
    this.stopWatchdog = startAckWatchdog(() => this.inFlight[0]?.sentAtMs, this.options.ackTimeoutMs, (waitedMs) => {
      this.options.log.warn({ waitedMs }, 'no reply from the ingest socket; reconnecting');
      this.socket?.terminate();
    });
    for (const resolve of this.connectedWaiters.splice(0)) resolve();
    this.pump();
  }

  private handleClose(code: number, reason: string): void {
    const wasOpen = this.isOpen;
    this.isOpen = false;
    this.socket = null;
    this.stopWatchdog();
    // The reconnect resends every unacknowledged event, retries included.
    this.retries.clear();
    for (const frame of this.inFlight) for (const pending of frame.events) if (!pending.stored) this.drop(pending);
    for (const pending of this.outgoing) if (!pending.stored) this.drop(pending);
    this.inFlight = [];
    this.outgoing = [];
    this.settlement.notify();
    if (this.isClosed) return;
    const delayMs = this.backoff.nextDelayMs();
    const log = wasOpen ? this.options.log.warn.bind(this.options.log) : this.options.log.debug.bind(this.options.log);
    log({ code, reason, unacked: this.unacked.size, retryInMs: delayMs, attempt: this.backoff.attempts }, 'ingest socket closed; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.isClosed) this.connect();
    }, delayMs);
  }

  private handleReply(text: string | null): void {
    const parsed = text === null ? { ok: false as const, error: 'binary frame' } : parseIngestReply(text);
    const frame = this.inFlight[0];
    if (!parsed.ok || !frame) {
      this.resync(parsed.ok ? 'a reply with no frame waiting for it' : `unreadable reply: ${parsed.error}`);
      return;
    }
    const reply = parsed.reply;
    if (reply.kind === 'ack' && !ackFitsFrame(reply, frame.events)) {
      this.resync('an ack that does not match the oldest unanswered frame');
      return;
    }
    this.inFlight.shift();
    if (reply.kind === 'error' && !reply.retryable) {
      // Resending a frame the server cannot read would fail forever: report its events instead.
      this.counts.refusedFrames++;
      for (const pending of frame.events) this.reject(pending, reply.error);
    } else if (reply.kind === 'error') {
      this.counts.refusedFrames++;
      this.options.log.warn({ error: reply.error, events: frame.events.length }, 'server refused a frame; retrying its stored events');
      for (const pending of frame.events) if (!pending.stored) this.drop(pending);
      this.retries.add(frame.events.filter((p) => p.stored), () => this.backoff.nextDelayMs());
    } else {
      this.backoff.reset();
      this.counts.duplicates += reply.duplicates;
      const { acked, rejected, uncovered } = settleFrame(reply, frame.events);
      for (const pending of acked) this.settle(pending);
      this.counts.acked += acked.length;
      if (acked.length > 0) this.notifyAcked(acked);
      for (const { pending, error } of rejected) this.reject(pending, error);
      if (uncovered.length > 0) {
        this.options.log.warn({ events: uncovered.length }, 'ack did not cover every stored event of its frame; retrying them');
        this.retries.add(uncovered, () => this.backoff.nextDelayMs());
      }
      for (const pending of frame.events) if (!pending.stored) this.settlement.settle(pending.serial);
    }
    this.settlement.notify();
    this.pump();
  }

  /** Replies can no longer be matched to frames: start over on a new connection, which resends all. */
  private resync(why: string): void {
    this.options.log.error({ why }, 'ingest replies out of step; reconnecting to resend unacknowledged events');
    this.socket?.terminate();
  }

  private settle(pending: PendingEvent): void {
    if (pending.stored) this.unacked.remove(pending);
    this.settlement.settle(pending.serial);
  }

  private notifyAcked(acked: readonly PendingEvent[]): void {
    try {
      this.options.onAcked?.(acked.map((p) => p.event));
    } catch (err) {
      this.options.log.error({ err }, 'onAcked callback threw');
    }
  }

  private reject(pending: PendingEvent, error: string): void {
    this.counts.rejected++;
    this.settle(pending);
    this.options.log.warn({ error, type: pending.event.type, session_id: pending.event.session_id, seq: pending.event.seq }, 'server rejected an event');
    try {
      this.options.onRejected?.({ event: pending.event, error });
    } catch (err) {
      this.options.log.error({ err }, 'onRejected callback threw');
    }
  }

  private drop(pending: PendingEvent): void {
    this.counts.dropped++;
    this.settlement.settle(pending.serial);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      this.flushTimer = null;
      this.pump();
    };
    if (this.options.flushIntervalMs === 0) queueMicrotask(run);
    else this.flushTimer = setTimeout(run, this.options.flushIntervalMs);
  }

  /** Writes queued events as array frames while the in-flight window allows. */
  private pump(): void {
    const socket = this.socket;
    if (!this.isOpen || !socket) return;
    while (this.outgoing.length > 0 && this.inFlight.length < this.options.maxInFlightFrames) {
      const events = this.takeFrame();
      if (events.length === 0) continue;
      for (const pending of events) {
        if (pending.writes > 0) this.counts.resent++;
        else this.counts.sent++;
        pending.writes++;
      }
      this.inFlight.push({ events, sentAtMs: Date.now() });
      socket.send(`[${events.map((p) => p.json).join(',')}]`);
    }
  }

  /** The next frame off the queue; events too large for any frame are refused here (see packFrame). */
  private takeFrame(): PendingEvent[] {
    const { maxBatch, maxFrameBytes } = this.options;
    const { events, tooLarge, taken } = packFrame(this.outgoing, maxBatch, maxFrameBytes);
    this.outgoing.splice(0, taken);
    for (const pending of tooLarge) {
      this.reject(pending, `event is ${pending.bytes} bytes of JSON, over this client's maxFrameBytes of ${maxFrameBytes}: not sent`);
    }
    return events;
  }
}
