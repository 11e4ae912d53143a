import type { Logger } from 'pino';
import type { SessionSummary } from '#protocol/api-schemas';
import type { SessionEvent } from '#protocol/event-schemas';
import type { LiveEvent, LiveServerMessage } from '#protocol/live-messages';
import type { EventStore } from '../store/event-store';
import type { CommittedBatch } from '../ingest/ingest-pipeline';
import type { SummaryFiller } from '../pricing/session-cost-book';
import { EphemeralState } from './ephemeral-state';
import { LiveClient, defaultBackpressure, type BackpressureLimits } from './live-client';
import type { WebSocket } from 'ws';
import { ReplayPages, defaultReplaySliceLimits, type ReplaySliceLimits } from './replay-pages';
import { ReplayTurns } from './replay-turns';
import { storedEventJson, storedRecordJson } from './stored-event-json';

const SUMMARY_FLUSH_MS = 250;
const HOUSEKEEPING_MS = 100;

const asFolded: SummaryFiller = { fill: async (summaries) => [...summaries] };

/** An event on its way to browsers: `cursor` null for ephemeral ones, `json` the event serialised once. */
export interface OutgoingEvent {
  cursor: number | null;
  event: SessionEvent;
  json: string;
}

/**
 * Fan-out to browsers. Every committed batch is pushed to each client that
 * follows its sessions; stored events carry their cursor so a client that
 * reconnects (or is resynced) is replayed exactly what it missed, in order.
 */
export class LiveHub {
  readonly present = new EphemeralState();
  private readonly replayPages: ReplayPages;
  private readonly replayTurns = new ReplayTurns();
  private readonly clients = new Map<number, LiveClient>();
  private nextClientId = 1;
  private pendingSummaries = new Map<string, SessionSummary>();
  /** A flush awaiting its pricing: the next tick waits rather than overtaking it. */
  private flushing = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly log: Logger,
    private readonly limits: BackpressureLimits = defaultBackpressure,
    replaySlices: ReplaySliceLimits = defaultReplaySliceLimits,
    private readonly summaryFiller: SummaryFiller = asFolded,
  ) {
    this.replayPages = new ReplayPages(store, replaySlices);
    this.timers.push(setInterval(() => void this.flushSummaries(), SUMMARY_FLUSH_MS));
    this.timers.push(setInterval(() => this.housekeeping(), HOUSEKEEPING_MS));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Registers a browser socket and replays from `cursor` (default: the head, i.e. live from now). */
  async connect(socket: WebSocket, sessions: readonly string[] | null, cursor: number | undefined): Promise<LiveClient> {
    const client = new LiveClient(this.nextClientId++, socket, sessions ? new Set(sessions) : null);
    this.clients.set(client.id, client);
    socket.on('close', () => this.clients.delete(client.id));
    // Registered (buffering) before the head is read, so nothing committed meanwhile is missed.
    const head = await this.store.headCursor();
    client.send({ kind: 'hello', protocol: 1, head_cursor: head, server_time_ms: Date.now() });
    await this.replay(client, cursor ?? head);
    return client;
  }

  /** Changes what a client follows; with a cursor, replays from there. */
  async resubscribe(client: LiveClient, sessions: readonly string[] | null, cursor: number | undefined): Promise<void> {
    client.sessions = sessions ? new Set(sessions) : null;
    client.phase = 'replaying';
    client.pending = [];
    await this.replay(client, cursor ?? client.cursor);
  }

  /** Fans out a batch this process committed. */
  publish(batch: CommittedBatch): void {
    const events: OutgoingEvent[] = [];
    batch.outcomes.forEach((outcome, i) => {
      if (outcome.kind === 'duplicate') return;
      const item = batch.items[i]!;
      events.push({ cursor: outcome.kind === 'stored' ? outcome.cursor : null, event: item.event, json: item.json });
    });
    this.deliver(events, batch.sessions);
  }

  /**
   * Fans out events in cursor order (stored ones) and updates the present state;
   * with several replicas the live bus calls this with other replicas' batches
   * and with events it read back from the store to fill a gap.
   */
  deliver(outgoing: readonly OutgoingEvent[], sessions: readonly SessionSummary[]): void {
    const events: LiveEvent[] = [];
    // Each event's JSON was made once at ingest; pushes splice it instead of serialising again.
    const jsonOf = new Map<LiveEvent, string>();
    let firstStored: number | null = null;
    for (const o of outgoing) {
      this.present.apply(o.event);
      const live: LiveEvent = { cursor: o.cursor, event: o.event };
      events.push(live);
      jsonOf.set(live, o.json);
      if (o.cursor !== null) firstStored ??= o.cursor;
    }
    const eventsMessage = (list: readonly LiveEvent[]) =>
      `{"kind":"events","events":[${list.map((e) => `{"cursor":${e.cursor},"event":${jsonOf.get(e)}}`).join(',')}]}`;
    for (const s of sessions) this.pendingSummaries.set(s.session_id, s);
    if (events.length === 0 || this.clients.size === 0) return;
    // Clients following everything share one serialisation of the batch.
    let everyoneText: string | null = null;
    for (const client of this.clients.values()) {
      if (client.phase === 'stalled') continue;
      if (client.phase === 'replaying') {
        this.bufferDuringReplay(client, events);
        continue;
      }
      if (client.bufferedBytes > this.limits.hardBytes) {
        this.stall(client);
        continue;
      }
      const dropEphemeral = client.bufferedBytes > this.limits.softBytes;
      // A replay may have read past what this hub has fanned out (with several replicas the
      // store runs ahead of the bus): such a client must not be sent those events twice.
      const aheadOfBatch = firstStored !== null && client.cursor >= firstStored;
      if (client.sessions === null && !dropEphemeral && !aheadOfBatch) {
        everyoneText ??= eventsMessage(events);
        client.sendRaw(everyoneText);
        client.cursor = Math.max(client.cursor, lastCursor(events));
        continue;
      }
      const mine = events.filter(
        (e) => client.follows(e.event.session_id) && (e.cursor === null ? !dropEphemeral : e.cursor > client.cursor),
      );
      if (dropEphemeral) client.droppedEphemeral += countFollowedEphemeral(client, events);
      if (mine.length === 0) continue;
      client.sendRaw(eventsMessage(mine));
      client.cursor = Math.max(client.cursor, lastCursor(mine));
    }
  }

  close(reason: string): void {
    for (const t of this.timers) clearInterval(t);
    for (const client of this.clients.values()) client.socket.close(1001, reason);
    this.clients.clear();
  }

  private bufferDuringReplay(client: LiveClient, events: LiveEvent[]): void {
    if (client.pendingOverflowed) return;
    for (const e of events) {
      if (e.cursor === null || !client.follows(e.event.session_id)) continue;
      client.pending.push(e);
    }
    if (client.pending.length > this.limits.replayBufferEvents) {
      // Cheaper to read them back from the store than to hold them.
      client.pending = [];
      client.pendingOverflowed = true;
    }
  }

  private async replay(client: LiveClient, fromCursor: number): Promise<void> {
    const generation = ++client.generation;
    client.phase = 'replaying';
    client.cursor = fromCursor;
    try {
      for (;;) {
        client.pendingOverflowed = false;
        const sessions = client.sessions ? [...client.sessions] : null;
        for (;;) {
          // One bounded slice per turn of the event loop, replays taking turns: every
          // other request gets its turn between two slices, however much is stored.
          await this.replayTurns.next();
          if (generation !== client.generation || !client.isOpen) return;
          const page = await this.replayPages.read(client.cursor, sessions);
          if (generation !== client.generation || !client.isOpen) return;
          if (page.message) {
            client.sendShared(page.message);
            client.cursor = page.lastCursor;
          }
          if (!page.full) break;
          await this.waitForDrain(client);
        }
        if (!client.pendingOverflowed) break;
      }
      const missed = client.pending.filter((e) => e.cursor !== null && e.cursor > client.cursor);
      client.pending = [];
      if (missed.length > 0) {
        client.sendRaw(`{"kind":"events","events":[${missed.map((e) => storedRecordJson(e.cursor, e.event)).join(',')}]}`);
        client.cursor = lastCursor(missed);
      }
      client.phase = 'live';
      client.send({ kind: 'caught_up', cursor: client.cursor });
      const present = this.present.snapshot(client.sessions ? [...client.sessions] : null);
      // Each event on its own, so one that cannot be serialised is a stand-in, not a failed join.
      client.sendRaw(`{"kind":"snapshot","events":[${present.map((e) => storedEventJson(e)).join(',')}]}`);
      const followed = [...this.pendingSummaries.values()].filter((s) => client.follows(s.session_id));
      if (followed.length > 0) client.send({ kind: 'sessions', sessions: await this.summaryFiller.fill(followed) });
    } catch (err) {
      this.log.error({ err, client: client.id }, 'live replay failed');
      client.send({ kind: 'error', error: 'replay failed; reconnect to retry' });
      client.socket.close(1011, 'replay failed');
    }
  }

  private async waitForDrain(client: LiveClient): Promise<void> {
    const started = Date.now();
    while (client.isOpen && client.bufferedBytes > this.limits.softBytes) {
      if (Date.now() - started > this.limits.stallTimeoutMs) {
        client.socket.terminate();
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private stall(client: LiveClient): void {
    client.phase = 'stalled';
    client.stalledSinceMs = Date.now();
    this.log.warn({ client: client.id, bufferedBytes: client.bufferedBytes }, 'live client fell behind; will resync');
  }

  private housekeeping(): void {
    const now = Date.now();
    for (const client of this.clients.values()) {
      if (client.phase === 'stalled') {
        if (client.bufferedBytes <= this.limits.softBytes) {
          client.stalledSinceMs = null;
          client.droppedEphemeral = 0;
          client.send({ kind: 'resync', cursor: client.cursor, reason: 'client fell behind' });
          void this.replay(client, client.cursor);
        } else if (now - (client.stalledSinceMs ?? now) > this.limits.stallTimeoutMs) {
          this.log.warn({ client: client.id }, 'live client stalled too long; disconnecting');
          client.socket.terminate();
          this.clients.delete(client.id);
        }
      } else if (client.droppedEphemeral > 0 && client.bufferedBytes <= this.limits.softBytes) {
        client.send({ kind: 'lagged', dropped: client.droppedEphemeral });
        client.droppedEphemeral = 0;
      }
    }
  }

  private async flushSummaries(): Promise<void> {
    if (this.pendingSummaries.size === 0 || this.flushing) return;
    const pending = [...this.pendingSummaries.values()];
    this.pendingSummaries = new Map();
    this.flushing = true;
    let summaries: SessionSummary[];
    try {
      summaries = await this.summaryFiller.fill(pending);
    } finally {
      this.flushing = false;
    }
    let everyoneText: string | null = null;
    for (const client of this.clients.values()) {
      if (client.phase !== 'live' || client.bufferedBytes > this.limits.softBytes) continue;
      if (client.sessions === null) {
        everyoneText ??= JSON.stringify({ kind: 'sessions', sessions: summaries } satisfies LiveServerMessage);
        client.sendRaw(everyoneText);
      } else {
        const mine = summaries.filter((s) => client.follows(s.session_id));
        if (mine.length > 0) client.send({ kind: 'sessions', sessions: mine });
      }
    }
  }
}

function lastCursor(events: readonly LiveEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) {
    const c = events[i]!.cursor;
    if (c !== null) return c;
  }
  return 0;
}

function countFollowedEphemeral(client: LiveClient, events: readonly LiveEvent[]): number {
  let n = 0;
  for (const e of events) if (e.cursor === null && client.follows(e.event.session_id)) n++;
  return n;
}
