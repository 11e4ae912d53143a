import { retryDelayMs } from '#protocol/reconnect-backoff';

/**
 * The shared reconnect back-off (src/protocol/reconnect-backoff.ts) with its
 * failure count: the delay doubles per failed attempt up to a cap, and half of
 * it is random so that many producers cut off by the same server restart do
 * not reconnect in lock-step.
 */
export class ReconnectBackoff {
  private failures = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call counts one more failure. */
  nextDelayMs(): number {
    this.failures++;
    return retryDelayMs(this.failures, this.random, { baseMs: this.baseMs, maxMs: this.maxMs });
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}
