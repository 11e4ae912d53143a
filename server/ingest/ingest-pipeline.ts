import type { Logger } from 'pino';
import type { SessionSummary } from '#protocol/api-schemas';
import type { EventStore, IngestOutcome } from '../store/event-store';
import type { IngestItem } from './ingest-item';
import { isPermanentStoreError, StoreRefusal } from '../store/store-errors';

/** What the fan-out side hears after each committed batch. */
export interface CommittedBatch {
  items: IngestItem[];
  outcomes: IngestOutcome[];
  sessions: SessionSummary[];
  /** The store's head just before the batch committed: replicas order batches by it (server/live/chain-reorder-buffer.ts). */
  headBefore: number;
}

export interface IngestCounters {
  accepted: number;
  duplicates: number;
  rejected: number;
  unknown_types: number;
}

interface PendingSubmit {
  items: IngestItem[];
  resolve: (outcomes: IngestOutcome[]) => void;
  reject: (error: Error) => void;
}

/** Per session, the highest seq a batch settled (stored, passed on live, or already had). */
export function acksOf(items: readonly IngestItem[]): Record<string, number> {
  // Null prototype: a session called `constructor` or `__proto__` is an own key like any other.
  const acks: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const { event } of items) {
    const prev = acks[event.session_id];
    if (prev === undefined || event.seq > prev) acks[event.session_id] = event.seq;
  }
  return acks;
}

/**
 * Group commit: every submit made in the same turn of the event loop (from any
 * producer connection, HTTP batch or watched file) shares one store transaction,
 * and each caller's promise resolves only after that transaction is durable.
 * Acknowledging then is safe; committing per frame would cap throughput at the
 * disk's fsync rate.
 */
export class IngestPipeline {
  readonly counters: IngestCounters = { accepted: 0, duplicates: 0, rejected: 0, unknown_types: 0 };
  private queue: PendingSubmit[] = [];
  private flushing = false;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly onCommitted: (batch: CommittedBatch) => void,
    private readonly log: Logger,
    private readonly maxBatchEvents = 5000,
  ) {}

  /** Counts items a transport refused before they reached the pipeline. */
  countRejected(n: number): void {
    this.counters.rejected += n;
  }

  submit(items: IngestItem[]): Promise<IngestOutcome[]> {
    if (this.closed) return Promise.reject(new Error('server is shutting down'));
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.schedule();
    });
  }

  /** Waits for everything submitted so far to be committed, then refuses new work. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.flushing) await new Promise((r) => setTimeout(r, 5));
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private takeBatch(): PendingSubmit[] {
    const batch: PendingSubmit[] = [];
    let events = 0;
    while (this.queue.length > 0 && (batch.length === 0 || events + this.queue[0]!.items.length <= this.maxBatchEvents)) {
      const next = this.queue.shift()!;
      events += next.items.length;
      batch.push(next);
    }
    return batch;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    const batch = this.takeBatch();
    try {
      await this.commit(batch).catch(async (err: unknown) => {
        // One submit's bad data must not refuse the others (issue 13): each is tried alone, and only
        // those that fail again are refused. A retryable error (disk, connection) would fail them all alike.
        if (batch.length === 1 || !isPermanentStoreError(err)) return this.refuse(batch, err);
        for (const pending of batch) await this.commit([pending]).catch((alone: unknown) => this.refuse([pending], alone));
      });
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  private refuse(batch: readonly PendingSubmit[], err: unknown): void {
    const events = batch.reduce((n, p) => n + p.items.length, 0);
    this.log.error({ err, events }, 'store refused a batch; nothing in it was acknowledged');
    const code = (err as { code?: unknown }).code;
    const why = typeof code === 'string' ? `${code}: ${(err as Error).message}` : (err as Error).message;
    const error = isPermanentStoreError(err)
      ? new StoreRefusal(`store refused these events (${why}); nothing in this batch was stored and a retry cannot succeed`, false)
      : new StoreRefusal(`store unavailable (${why}); nothing in this batch was stored: retry later`, true);
    for (const pending of batch) pending.reject(error);
  }

  /** Commits the submits as one transaction and settles them; throws (settling none) when the store refuses. */
  private async commit(batch: readonly PendingSubmit[]): Promise<void> {
    const items = batch.flatMap((p) => p.items);
    const result = await this.store.ingest(items);
    this.count(items, result.outcomes);
    let offset = 0;
    for (const pending of batch) {
      pending.resolve(result.outcomes.slice(offset, offset + pending.items.length));
      offset += pending.items.length;
    }
    try {
      this.onCommitted({ items, outcomes: result.outcomes, sessions: result.sessions, headBefore: result.headBefore });
    } catch (err) {
      // Fan-out trouble must never turn a committed batch into a refused one.
      this.log.error({ err }, 'fan-out failed after commit');
    }
  }

  private count(items: IngestItem[], outcomes: IngestOutcome[]): void {
    outcomes.forEach((outcome, i) => {
      if (outcome.kind === 'duplicate') this.counters.duplicates++;
      else {
        this.counters.accepted++;
        if (!items[i]!.known) this.counters.unknown_types++;
      }
    });
  }
}
