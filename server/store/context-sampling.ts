import type { EventOf } from '#protocol/event-schemas';
import type { IngestItem } from '../ingest/ingest-item';
import type { ContextSamplesTable } from './store-database';
import { changesOf, rowsOf, type SqlSteps } from './sql-steps';
import type { StoreSql } from './store-sql';

// token_estimate is ephemeral, but the context-window chart needs its history: every
// store keeps a sample of it, at most one per session per interval. Shared so that
// each store implementation samples the same way and the contract can check it.

/** The shortest gap between two kept samples of one session, by event time. */
export const contextSampleIntervalMs = 5_000;

/**
 * Whether a token_estimate at `tsMs` is kept, given the session's last kept sample
 * (null: none yet). Measured on event time, so a replayed or delayed stream samples
 * the same way; an estimate stamped earlier than the last sample is never kept.
 */
export function isContextSampleDue(lastSampleMs: number | null, tsMs: number): boolean {
  return lastSampleMs === null || tsMs >= lastSampleMs + contextSampleIntervalMs;
}

const isTokenEstimate = (item: IngestItem): boolean => item.known && item.event.type === 'token_estimate';

/** The sessions a batch has token estimates of: those whose last kept sample it needs. */
export const sessionsEstimating = (items: readonly IngestItem[]): string[] => [...new Set(items.filter(isTokenEstimate).map((item) => item.event.session_id))];

/**
 * One batch's samples. `lastKept` tells a session's last sample before the batch
 * (each store knows it its own way); what the batch keeps counts from then on, and
 * `kept` tells the store what to remember once the batch commits.
 */
export class BatchContextSamples {
  readonly rows: ContextSamplesTable[] = [];
  /** The last sample this batch kept per session. */
  readonly kept = new Map<string, number>();

  constructor(private readonly lastKept: (sessionId: string) => number | null) {}

  /** Samples `item` if it is a token_estimate due for its session; offer only items accepted live. */
  offer(item: IngestItem): void {
    if (!isTokenEstimate(item)) return;
    const event = item.event as EventOf<'token_estimate'>;
    const last = this.kept.get(event.session_id) ?? this.lastKept(event.session_id);
    if (!isContextSampleDue(last, item.tsMs)) return;
    this.rows.push({ session_id: event.session_id, ts_ms: item.tsMs, model: event.model, request_tokens: event.request_tokens, budget: event.budget });
    this.kept.set(event.session_id, item.tsMs);
  }

  /** Writes the kept samples; inside the batch's transaction. */
  *write({ db }: StoreSql): SqlSteps<void> {
    if (this.rows.length === 0) return;
    // Two estimates of one session stamped the same millisecond keep the first.
    yield* changesOf(db.insertInto('context_samples').values(this.rows).onConflict((conflict) => conflict.doNothing()));
  }
}

/** The last kept sample of each of these sessions that has one. */
export function* lastSamplesOf(store: StoreSql, sessionIds: readonly string[]): SqlSteps<Map<string, number>> {
  const last = new Map<string, number>();
  if (sessionIds.length === 0) return last;
  const rows = yield* rowsOf(
    store.db
      .selectFrom('context_samples')
      .select((eb) => ['session_id', eb.fn.max('ts_ms').as('last')])
      .where(store.dialect.inList('session_id', sessionIds))
      .groupBy('session_id'),
  );
  for (const row of rows) last.set(row.session_id, Number(row.last));
  return last;
}
