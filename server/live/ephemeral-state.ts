import type { SessionEvent } from '#protocol/event-schemas';
import { applyPresentEvent } from '#protocol/live-present/present-fold';
import { presentAsEvents } from '#protocol/live-present/present-snapshot';
import { defaultPresentLimits, emptyPresent, type PresentLimits, type SessionPresent } from '#protocol/live-present/present-state';

interface TrackedSession {
  present: SessionPresent;
  /** Wall-clock time of the last event (ms): how long to keep the session. */
  lastSeenMs: number;
}

/**
 * The present state of each live session, kept in memory only, for browsers
 * that join later: the same fold the browser's live store applies
 * (src/protocol/live-present/), and its snapshot restated as events, so a
 * browser folds them into the same present it would hold had it watched.
 */
export class EphemeralState {
  private readonly sessions = new Map<string, TrackedSession>();

  constructor(
    private readonly maxSessions = 2000,
    /** Sessions that ended with `done` are forgotten after this long; others after a long silence. */
    private readonly endedTtlMs = 5 * 60_000,
    private readonly silentTtlMs = 6 * 3600_000,
    private readonly limits: PresentLimits = defaultPresentLimits,
  ) {}

  apply(event: SessionEvent, nowMs = Date.now()): void {
    let s = this.sessions.get(event.session_id);
    if (!s) {
      s = { present: emptyPresent(), lastSeenMs: nowMs };
      this.sessions.set(event.session_id, s);
      if (this.sessions.size > this.maxSessions) this.evict(nowMs);
    }
    s.lastSeenMs = nowMs;
    s.present = applyPresentEvent(s.present, event, this.limits);
  }

  /** One session's present (undefined: none kept). */
  presentOf(sessionId: string): SessionPresent | undefined {
    return this.sessions.get(sessionId)?.present;
  }

  /** The present of the given sessions (null: all), as events in a replayable order. */
  snapshot(sessionIds: readonly string[] | null, nowMs = Date.now()): SessionEvent[] {
    this.evict(nowMs);
    const out: SessionEvent[] = [];
    for (const id of sessionIds ?? this.sessions.keys()) {
      const s = this.sessions.get(id);
      if (s) out.push(...presentAsEvents(s.present));
    }
    return out;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Drops sessions deleted from the store (the demo's), so no snapshot brings them back. */
  forget(sessionIds: readonly string[]): void {
    for (const id of sessionIds) this.sessions.delete(id);
  }

  private evict(nowMs: number): void {
    for (const [id, s] of this.sessions) {
      const ttl = s.present.end?.type === 'done' ? this.endedTtlMs : this.silentTtlMs;
      if (nowMs - s.lastSeenMs > ttl) this.sessions.delete(id);
    }
    // Still too many: drop the longest-silent first (Map order is insertion, close enough to age).
    for (const id of this.sessions.keys()) {
      if (this.sessions.size <= this.maxSessions) break;
      this.sessions.delete(id);
    }
  }
}
