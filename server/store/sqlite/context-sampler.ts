import type Database from 'better-sqlite3';
import type { EventOf } from '../../../src/protocol/event-schemas';
import { isContextSampleDue } from '../context-sampling';
import type { IngestItem } from '../../ingest/ingest-item';

// Keeps a sample of each session's token_estimate stream in context_samples (see
// context-sampling.ts). The last kept time per session lives in memory; a session
// not seen since the store opened is looked up once, so a restart does not sample
// twice within the interval.

export class ContextSampler {
  private readonly insertSample: Database.Statement;
  private readonly selectLastSample: Database.Statement;
  /** Last kept sample per session, as committed. */
  private readonly committed = new Map<string, number>();
  /** Samples kept by the batch in progress: they count only once its transaction commits. */
  private readonly pending = new Map<string, number>();

  constructor(db: Database.Database) {
    // OR IGNORE: two estimates of one session stamped the same millisecond keep the first.
    this.insertSample = db.prepare(
      'INSERT OR IGNORE INTO context_samples (session_id, ts_ms, model, request_tokens, budget) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectLastSample = db.prepare('SELECT MAX(ts_ms) AS last FROM context_samples WHERE session_id = ?');
  }

  /** Samples `item` if it is a token_estimate due for its session. Call inside the batch's transaction, for items accepted live. */
  offer(item: IngestItem): void {
    if (!item.known || item.event.type !== 'token_estimate') return;
    const event = item.event as EventOf<'token_estimate'>;
    if (!isContextSampleDue(this.lastSampleMs(event.session_id), item.tsMs)) return;
    this.insertSample.run(event.session_id, item.tsMs, event.model, event.request_tokens, event.budget);
    this.pending.set(event.session_id, item.tsMs);
  }

  /** The batch committed: its samples now count. */
  commit(): void {
    for (const [sessionId, tsMs] of this.pending) this.committed.set(sessionId, tsMs);
    this.pending.clear();
  }

  /** The batch rolled back: its samples never happened. */
  discard(): void {
    this.pending.clear();
  }

  private lastSampleMs(sessionId: string): number | null {
    const known = this.pending.get(sessionId) ?? this.committed.get(sessionId);
    if (known !== undefined) return known;
    const stored = (this.selectLastSample.get(sessionId) as { last: number | null }).last;
    if (stored !== null) this.committed.set(sessionId, stored);
    return stored;
  }
}
