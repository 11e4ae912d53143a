import type pg from 'pg';
import type { EventOf } from '../../../src/protocol/event-schemas';
import { isContextSampleDue } from '../context-sampling';
import type { IngestItem } from '../../ingest/ingest-item';
import { ColumnBuffer, pgText } from './pg-sql';

// One batch's sample of the token_estimate stream (see context-sampling.ts). Unlike
// the SQLite sampler nothing is remembered between batches: another replica may have
// kept a sample since, so each batch reads the last kept time of its sessions from
// the database, inside its transaction (which holds the ingest lock).

const isTokenEstimate = (item: IngestItem): boolean => item.known && item.event.type === 'token_estimate';

export class BatchContextSampler {
  private readonly samples = new ColumnBuffer(
    'context_samples',
    [
      { name: 'session_id', type: 'text' },
      { name: 'ts_ms', type: 'bigint' },
      { name: 'model', type: 'text' },
      { name: 'request_tokens', type: 'bigint' },
      { name: 'budget', type: 'bigint' },
    ],
    // Two estimates of one session stamped the same millisecond keep the first.
    ' ON CONFLICT (session_id, ts_ms) DO NOTHING',
  );

  private constructor(private readonly lastSampleMs: Map<string, number>) {}

  /** Reads the last kept sample of every session with a token_estimate in `items`. */
  static async open(client: pg.ClientBase, items: readonly IngestItem[]): Promise<BatchContextSampler> {
    const sessionIds = [...new Set(items.filter(isTokenEstimate).map((item) => item.event.session_id))];
    const last = new Map<string, number>();
    if (sessionIds.length > 0) {
      const { rows } = await client.query<{ session_id: string; last: number }>(
        'SELECT session_id, MAX(ts_ms) AS last FROM context_samples WHERE session_id = ANY($1::text[]) GROUP BY session_id',
        [sessionIds],
      );
      for (const row of rows) last.set(row.session_id, row.last);
    }
    return new BatchContextSampler(last);
  }

  /** Samples `item` if it is a token_estimate due for its session; offer only items accepted live. */
  offer(item: IngestItem): void {
    if (!isTokenEstimate(item)) return;
    const event = item.event as EventOf<'token_estimate'>;
    if (!isContextSampleDue(this.lastSampleMs.get(event.session_id) ?? null, item.tsMs)) return;
    this.samples.add(event.session_id, item.tsMs, pgText(event.model), event.request_tokens, event.budget);
    this.lastSampleMs.set(event.session_id, item.tsMs);
  }

  flush(client: pg.ClientBase): Promise<void> {
    return this.samples.flush(client);
  }
}
