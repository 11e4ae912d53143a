import type { LiveStatusFacts } from '../session-status';
import { endedOf, type SessionPresent } from './present-state';

/** The facts status derivation (src/protocol/session-status.ts `deriveStatus`) reads from a present. Pure. */
export function statusFactsOf(present: SessionPresent): LiveStatusFacts {
  const firstTool = present.tools.ids.length > 0 ? present.tools.byId.get(present.tools.ids[0]!) : undefined;
  return {
    lastSeq: present.lastSeq,
    // Whole seconds: finer would change on every text chunk.
    lastEventMs: Math.floor(present.lastEventMs / 1000) * 1000,
    ended: endedOf(present),
    thinking: present.loops.thinking,
    streaming: present.loops.streaming,
    compacting: present.loops.compaction !== null,
    toolName: firstTool?.name ?? null,
    toolStartedMs: firstTool?.startedMs ?? null,
    toolElapsedSecs: firstTool?.elapsedSecs ?? 0,
    toolHeartbeatMs: firstTool?.heartbeatMs ?? null,
    retryAttempt: present.retry?.attempt ?? null,
    retryMax: present.retry?.maxRestarts ?? null,
    approvalTool: present.approval?.tool ?? null,
    approvalSinceMs: present.loops.approval?.since_ms ?? null,
    rlmIteration: present.rlm?.iteration ?? null,
    rlmMaxIterations: present.rlm?.maxIterations ?? null,
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
