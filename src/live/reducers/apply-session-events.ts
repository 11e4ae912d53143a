import { applyPresentEvent } from '../../protocol/live-present/present-fold';
import type { LiveConfig } from '../live-config';
import type { LiveEventEntry, SessionLive } from '../live-types';
import { insertBySeq, trimToCapacity } from './recent-events';

/**
 * Applies a batch of one session's events, in order: each goes through the
 * shared present fold (src/protocol/live-present/), whose seq rule keeps replays
 * harmless, and an ephemeral one (no cursor) joins the ring of recent ephemeral
 * events the session's timeline shows. A stored event does not: its one home is
 * the session's history in the TanStack Query cache (src/lib/sessions/pushed-events-cache.ts).
 * An ephemeral event already in the ring (same seq) is ignored entirely. A
 * snapshot batch (`rebuild`) restates the server's present after
 * forgetRestated, so each of its events applies, whatever its seq.
 * Pure for callers: `session` is not modified; the ring is copied at most once per batch.
 */
export function applySessionEvents(
  session: SessionLive,
  entries: readonly LiveEventEntry[],
  config: LiveConfig,
  rebuild = false,
): SessionLive {
  if (entries.length === 0) return session;
  let ring: LiveEventEntry[] | null = null;
  let ringChanged = false;
  let present = session.present;
  for (const entry of entries) {
    if (entry.cursor === null) {
      ring ??= session.recentEphemeral.slice();
      const inserted = insertBySeq(ring, entry);
      ringChanged ||= inserted;
      if (!inserted && !rebuild) continue;
    }
    present = applyPresentEvent(present, entry.event, config, rebuild);
  }
  if (!ringChanged && present === session.present) return session;
  return {
    sessionId: session.sessionId,
    present,
    recentEphemeral: ringChanged ? trimToCapacity(ring!, config.recentCapacity) : session.recentEphemeral,
  };
}
