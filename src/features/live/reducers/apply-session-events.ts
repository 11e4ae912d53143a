import { timestampMs } from '../../../protocol/envelope';
import { isKnownEvent } from '../../../protocol/event-schemas';
import type { LiveConfig } from '../live-config';
import type { LiveEventEntry, SessionLive } from '../live-types';
import { reduceKnownEvent } from './event-reducers';
import { insertBySeq, trimToCapacity } from './recent-events';

/**
 * Applies a batch of one session's events, in order. Two rules keep replays and
 * snapshots harmless:
 * - an event already in `recent` (same seq) is ignored entirely;
 * - only an event newer than `lastSeq` moves the present state; an older one
 *   (a replayed stored event arriving after the snapshot that already
 *   accounts for it) is kept in `recent` for the timeline and nothing else.
 * A snapshot batch (`rebuild`) is the exception to both: it restates the
 * server's present after clearEphemeralState, so each of its events applies.
 * Pure for callers: `session` is not modified; `recent` is copied once per batch.
 */
export function applySessionEvents(
  session: SessionLive,
  entries: readonly LiveEventEntry[],
  config: LiveConfig,
  rebuild = false,
): SessionLive {
  if (entries.length === 0) return session;
  const recent = session.recent.slice();
  let next = session;
  let changed = false;
  for (const entry of entries) {
    const inserted = insertBySeq(recent, entry);
    if (!inserted && !rebuild) continue;
    changed = true;
    const { event } = entry;
    if (event.seq <= next.lastSeq && !rebuild) continue;
    next = isKnownEvent(event) ? reduceKnownEvent(next, event, config) : next;
    if (event.seq > next.lastSeq) next = { ...next, lastSeq: event.seq, lastEventMs: Math.max(next.lastEventMs, timestampMs(event.ts) || 0) };
  }
  if (!changed) return session;
  const { kept, trimmedCursor } = trimToCapacity(recent, config.recentCapacity);
  return {
    ...next,
    recent: kept,
    trimmedCursor: trimmedCursor === null ? next.trimmedCursor : Math.max(trimmedCursor, next.trimmedCursor ?? 0),
  };
}
