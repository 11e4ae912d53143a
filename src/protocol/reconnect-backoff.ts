// The one reconnect back-off, shared by everything that reconnects to the
// server: the browser's live socket and the producers (server/producer/), the
// codetether serve follower too. Pure, so both sides and their tests agree.

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Ceiling of a delay, before jitter. */
  maxMs: number;
}

/**
 * Browsers: capped at 5 s, so a restarted server is Live again within a few
 * seconds of being back however long it was away (at 2,500 to 5,000 ms a
 * try, one socket per tab costs a server nothing).
 */
export const browserBackoff: BackoffOptions = { baseMs: 500, maxMs: 5_000 };

/** Delay before retry number `attempt` (1-based), without jitter: base, 2 base, 4 base, ... up to the ceiling. */
export function exponentialDelayMs(attempt: number, options: BackoffOptions): number {
  return Math.min(options.maxMs, options.baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 30));
}

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with
 * "equal jitter" (half fixed, half random) so that clients cut off by the same
 * server restart do not all come back in the same millisecond, while a
 * countdown shown to the user still means something.
 */
export function retryDelayMs(attempt: number, random: () => number, options: BackoffOptions): number {
  const exponential = exponentialDelayMs(attempt, options);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
