import type { LiveStatusFacts } from '../../../lib/session-status';
import type { SessionLive } from '../live-types';

/** The facts status derivation needs from a session's live state. Pure. */
export function statusFactsOf(session: SessionLive): LiveStatusFacts {
  const firstTool = session.tools.ids.length > 0 ? session.tools.byId.get(session.tools.ids[0]!) : undefined;
  return {
    lastSeq: session.lastSeq,
    lastEventMs: Math.floor(session.lastEventMs / 1000) * 1000,
    ended: session.ended,
    thinking: session.thinking,
    streaming: session.step !== null && !session.step.complete,
    compacting: session.compaction !== null,
    toolName: firstTool?.name ?? null,
    toolStartedMs: firstTool?.startedMs ?? null,
    toolElapsedSecs: firstTool?.elapsedSecs ?? 0,
    toolHeartbeatMs: firstTool?.heartbeatMs ?? null,
    retryAttempt: session.retry?.attempt ?? null,
    retryMax: session.retry?.maxRestarts ?? null,
    approvalTool: session.approval?.tool ?? null,
    approvalSinceMs: session.approval?.requestedMs || null,
    rlmIteration: session.rlm?.iteration ?? null,
    rlmMaxIterations: session.rlm?.maxIterations ?? null,
  };
}

/**
 * `next`, or `previous` when every field is equal: readers comparing by
 * identity then skip a re-render when only the text (or another field status
 * does not read) changed.
 */
export function sameFacts(previous: LiveStatusFacts | undefined, next: LiveStatusFacts): LiveStatusFacts {
  if (!previous) return next;
  for (const key of Object.keys(next) as (keyof LiveStatusFacts)[]) {
    if (previous[key] !== next[key]) return next;
  }
  return previous;
}
