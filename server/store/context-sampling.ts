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
