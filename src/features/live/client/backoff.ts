export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Ceiling, so a long outage is retried every ~30 s and not every hour. */
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with
 * "equal jitter" (half fixed, half random) so that tabs cut off by the same
 * server restart do not all come back in the same millisecond, while the
 * countdown shown to the user still means something.
 */
export function retryDelayMs(attempt: number, random: () => number, options: BackoffOptions = defaultBackoff): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
