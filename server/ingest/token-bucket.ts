/** The outcome of asking a bucket for tokens: granted, or when to ask again. */
export type TokenGrant = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most `capacity`.
 * A request larger than the capacity is granted once the bucket is full and
 * leaves it in debt, so a big batch is slowed to the rate instead of refused
 * forever. The clock is passed in, so the arithmetic is tested without waiting.
 */
export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.lastMs = nowMs;
  }

  take(count: number, nowMs: number): TokenGrant {
    this.refill(nowMs);
    const needed = Math.min(count, this.capacity);
    if (this.tokens >= needed) {
      this.tokens -= count;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil(((needed - this.tokens) / this.ratePerSecond) * 1000)) };
  }

  private refill(nowMs: number): void {
    const elapsedMs = Math.max(0, nowMs - this.lastMs);
    this.lastMs = nowMs;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs / 1000) * this.ratePerSecond);
  }
}
