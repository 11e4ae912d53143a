import type { EventStore } from '../store/event-store';
import { storedRecordJson } from './stored-event-json';

/** One slice of stored events, read and serialised once for every browser replaying through it. */
export interface ReplayPage {
  /** `{"kind":"events","events":[...]}` as UTF-8, the same bytes for every client; null when there were no events. */
  message: Buffer | null;
  /** The last cursor in the slice (`after` itself when it is empty). */
  lastCursor: number;
  count: number;
  /** True when the slice was cut at its size, so more may follow; false once it reached the store's head. */
  full: boolean;
}

export interface ReplaySliceLimits {
  /** Most events in one slice. */
  maxEvents: number;
  /** Slices are sized so their JSON comes to about this many bytes (from the events seen so far). */
  targetBytes: number;
  /** A full slice is shared with clients asking for the same position for this long... */
  shareMs: number;
  /** ...and at most this many slices are held (oldest dropped first). */
  sharedPages: number;
}

export const defaultReplaySliceLimits: ReplaySliceLimits = {
  maxEvents: 256,
  targetBytes: 128 * 1024,
  shareMs: 10_000,
  sharedPages: 64,
};

interface SharedPage {
  page: Promise<ReplayPage>;
  readAtMs: number;
}

/**
 * Stored events for replaying browsers, in bounded slices. Replays from the same
 * position with the same filter (twenty dashboards opened from cursor 0 after a
 * restart, say) share each slice's read and serialisation: the store is read and
 * the JSON made once, and every client is sent the same bytes. A full slice is
 * immutable (cursors are never reused and commit in order), so sharing it is
 * safe; a slice that reached the head is shared only while it is being read,
 * since events may be committed after it at any moment.
 */
export class ReplayPages {
  private readonly pages = new Map<string, SharedPage>();
  /** Adapted to the events' size so a slice of large events stays near `targetBytes`. */
  private eventsPerSlice: number;
  reads = 0;
  shared = 0;

  constructor(
    private readonly store: EventStore,
    private readonly limits: ReplaySliceLimits = defaultReplaySliceLimits,
  ) {
    this.eventsPerSlice = limits.maxEvents;
  }

  /** The slice after `after` of `sessions` (null: every session). */
  read(after: number, sessions: readonly string[] | null, nowMs = Date.now()): Promise<ReplayPage> {
    const key = JSON.stringify([after, sessions === null ? null : [...sessions].sort()]);
    const cached = this.pages.get(key);
    if (cached && nowMs - cached.readAtMs <= this.limits.shareMs) {
      this.shared++;
      return cached.page;
    }
    const page = this.load(after, sessions);
    this.pages.delete(key);
    this.pages.set(key, { page, readAtMs: nowMs });
    this.evict(nowMs);
    page.then(
      (p) => {
        if (!p.full) this.forget(key, page);
      },
      () => this.forget(key, page),
    );
    return page;
  }

  private async load(after: number, sessions: readonly string[] | null): Promise<ReplayPage> {
    this.reads++;
    const limit = this.eventsPerSlice;
    const rows = await this.store.eventsAfter(after, sessions, limit);
    if (rows.length === 0) return { message: null, lastCursor: after, count: 0, full: false };
    const parts = rows.map((r) => storedRecordJson(r.cursor, r.event));
    let bytes = 0;
    for (const part of parts) bytes += part.length;
    const perEvent = Math.max(1, bytes / rows.length);
    this.eventsPerSlice = Math.max(1, Math.min(this.limits.maxEvents, Math.floor(this.limits.targetBytes / perEvent)));
    return {
      message: Buffer.from(`{"kind":"events","events":[${parts.join(',')}]}`),
      lastCursor: rows[rows.length - 1]!.cursor,
      count: rows.length,
      full: rows.length === limit,
    };
  }

  private forget(key: string, page: Promise<ReplayPage>): void {
    if (this.pages.get(key)?.page === page) this.pages.delete(key);
  }

  private evict(nowMs: number): void {
    for (const [key, shared] of this.pages) {
      if (this.pages.size <= this.limits.sharedPages && nowMs - shared.readAtMs <= this.limits.shareMs) break;
      this.pages.delete(key);
    }
  }
}
