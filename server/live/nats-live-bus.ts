import { randomUUID } from 'node:crypto';
import { connect, Events, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { SessionSummary } from '#protocol/api-schemas';
import type { SessionEvent } from '#protocol/event-schemas';
import type { CommittedBatch } from '../ingest/ingest-pipeline';
import type { EventStore } from '../store/event-store';
import { busBatchOf, decodeBusBatch, encodeBusBatch, type BusBatch } from './bus-message';
import { ChainReorderBuffer, type ChainDelivery } from './chain-reorder-buffer';
import { storedEventJson } from './stored-event-json';
import type { LiveBusStatus, LiveBus } from './live-bus';
import type { LiveHub, OutgoingEvent } from './live-hub';

const GAP_MS = 250;
const CHECK_MS = 50;
const PROBE_MS = 500;
const FILL_PAGE = 1000;
/** Summaries re-read after a fill; more sessions than this catch up with their next event. */
const FILL_SUMMARIES = 200;
const DEFAULT_MAX_PAYLOAD = 1 << 20;

/**
 * Live fan-out across replicas. Each replica publishes every batch it commits
 * to one NATS subject and hands it straight to its own hub's reorder buffer
 * (`noEcho`: a replica never hears itself, so its own batches cost no round
 * trip and cannot be lost); other replicas' batches come from the
 * subscription. A ChainReorderBuffer puts all of them in cursor order and,
 * when something is missing, this class reads the shared store instead.
 *
 * Why core NATS and not JetStream: the store is the durable, ordered log and
 * every stored event can be read back from it by cursor, so NATS is only the
 * doorbell that makes fan-out immediate. A lost or late message costs at most
 * one gap wait (250 ms) and a store read, never an event; persisting the
 * stream a second time in JetStream would add a write per batch, a second
 * retention policy and a second cursor to keep in step, for nothing the store
 * does not already give. Ephemeral events are allowed to drop under load.
 */
export class NatsLiveBus implements LiveBus {
  private readonly origin = randomUUID();
  private connected = true;
  private gapFills = 0;
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
    private readonly buffer: ChainReorderBuffer<BusBatch>,
    private readonly store: EventStore,
    private readonly hub: LiveHub,
    private readonly log: Logger,
  ) {}

  /** Connects (throwing a clear error when NATS does not answer), subscribes, and starts from the store's head. */
  static async start(opts: { url: string; subject: string; store: EventStore; hub: LiveHub; log: Logger }): Promise<NatsLiveBus> {
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: opts.url, name: 'tether-watch', noEcho: true, maxReconnectAttempts: -1, reconnectTimeWait: 500, timeout: 5000 });
    } catch (err) {
      throw new Error(`NATS_URL ${opts.url}: cannot connect to NATS (${(err as Error).message})`);
    }
    const head = await opts.store.headCursor();
    const bus = new NatsLiveBus(nc, opts.subject, new ChainReorderBuffer<BusBatch>(head, GAP_MS), opts.store, opts.hub, opts.log);
    nc.subscribe(opts.subject, { callback: (err, msg) => (err ? bus.log.warn({ err }, 'live bus subscription error') : bus.received(msg.string())) });
    await nc.flush();
    void bus.watchStatus();
    bus.timers.push(setInterval(() => bus.check(), CHECK_MS));
    bus.timers.push(setInterval(() => void bus.probe(), PROBE_MS));
    opts.log.info({ url: opts.url, subject: opts.subject, head }, 'live bus connected to NATS');
    return bus;
  }

  committed(batch: CommittedBatch): void {
    const local = busBatchOf(batch);
    if (local.events.length === 0 && local.headAfter === local.headBefore) return;
    try {
      this.nc.publish(this.subject, encodeBusBatch(this.origin, local, this.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD));
    } catch (err) {
      // The others fill the gap from the store; this replica's own fan-out is unaffected.
      this.log.warn({ err }, 'could not publish a batch to NATS');
    }
    this.offer(local);
  }

  status(): LiveBusStatus {
    return { kind: 'nats', connected: this.connected, subject: this.subject, delivered_head: this.buffer.deliveredHead, gap_fills: this.gapFills };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    await this.nc.close();
  }

  private received(text: string): void {
    const decoded = decodeBusBatch(text);
    if (!decoded.ok) {
      this.log.warn({ error: decoded.error }, 'unreadable message on the live bus; reading the store instead');
      this.buffer.suspectLoss();
      return;
    }
    this.offer(decoded.batch);
  }

  private offer(batch: BusBatch): void {
    this.fanOut(this.buffer.offer(batch, Date.now()));
  }

  private fanOut(deliveries: ChainDelivery<BusBatch>[]): void {
    for (const { batch, after } of deliveries) {
      const events = batch.events.filter((e) => e.cursor === null || e.cursor > after);
      this.hub.deliver(events, batch.sessions);
    }
  }

  private async watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === Events.Disconnect) {
        this.connected = false;
        this.log.warn({ server: s.data }, 'live bus lost NATS; reconnecting, meanwhile following the store');
      } else if (s.type === Events.Reconnect) {
        this.connected = true;
        // Whatever was published while we were away is gone from NATS but not from the store.
        this.buffer.suspectLoss();
        this.log.info({ server: s.data }, 'live bus reconnected to NATS');
      }
    }
  }

  private check(): void {
    if (!this.closed && this.buffer.needsFill(Date.now())) void this.fill();
  }

  private async probe(): Promise<void> {
    try {
      const head = await this.store.headCursor();
      this.buffer.noteStoreHead(head, Date.now());
    } catch (err) {
      this.log.warn({ err }, 'live bus could not read the store head');
    }
  }

  /** Reads what the bus did not bring from the store and fans it out, then lets the buffer continue. */
  private async fill(): Promise<void> {
    const after = this.buffer.beginFill();
    let cursor = after;
    const touched = new Set<string>();
    let failed = false;
    try {
      for (;;) {
        const rows = await this.store.eventsAfter(cursor, null, FILL_PAGE);
        if (this.closed) return;
        if (rows.length > 0) {
          const events: OutgoingEvent[] = rows.map((r) => ({ cursor: r.cursor, event: r.event as SessionEvent, json: storedEventJson(r.event) }));
          this.hub.deliver(events, []);
          cursor = rows[rows.length - 1]!.cursor;
          for (const r of rows) touched.add(r.event.session_id);
        }
        if (rows.length < FILL_PAGE) break;
      }
    } catch (err) {
      if (this.closed) return; // the store closes after the bus on shutdown
      failed = true;
      this.log.warn({ err, after, reached: cursor }, 'live bus could not read the store to fill a gap; will retry');
    }
    this.gapFills++;
    this.fanOut(this.buffer.endFill(cursor));
    if (failed) this.buffer.suspectLoss();
    // The batches read back carried no summaries: restate those sessions, read after them so never older.
    if (touched.size > 0) {
      try {
        this.hub.deliver([], await this.summariesOf([...touched].slice(0, FILL_SUMMARIES)));
      } catch (err) {
        this.log.warn({ err }, 'live bus could not read session summaries after a fill');
      }
    }
  }

  private async summariesOf(sessionIds: string[]): Promise<SessionSummary[]> {
    const summaries = await Promise.all(sessionIds.map((id) => this.store.getSession(id)));
    return summaries.filter((s): s is SessionSummary => s !== null);
  }
}
