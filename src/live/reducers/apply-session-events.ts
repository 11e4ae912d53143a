import { applyPresentEvent } from '../../protocol/live-present/present-fold';
import type { LiveConfig } from '../live-config';
import type { LiveEventEntry, SessionLive } from '../live-types';
import { insertBySeq, trimToCapacity } from './recent-events';

/**
 * Applies a batch of one session's events, in order: each joins the recent ring
 * and goes through the shared present fold (src/protocol/live-present/), whose
 * seq rule keeps replays harmless. An event already in `recent` (same seq) is
 * ignored entirely. A snapshot batch (`rebuild`) restates the server's present
 * after forgetRestated, so each of its events applies, whatever its seq.
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
  let present = session.present;
  let changed = false;
  for (const entry of entries) {
    const inserted = insertBySeq(recent, entry);
    if (!inserted && !rebuild) continue;
    changed = true;
    present = applyPresentEvent(present, entry.event, config, rebuild);
  }
  if (!changed) return session;
  const { kept, trimmedCursor } = trimToCapacity(recent, config.recentCapacity);
  return {
    sessionId: session.sessionId,
    present,
    recent: kept,
    trimmedCursor: trimmedCursor === null ? session.trimmedCursor : Math.max(trimmedCursor, session.trimmedCursor ?? 0),
  };
}
