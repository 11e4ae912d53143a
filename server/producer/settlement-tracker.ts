interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Which of the client's events (by serial) are not yet settled (acknowledged,
 * rejected, or dropped as ephemeral), and who is waiting for them. Serials are
 * tracked in a Set in increasing order, so the oldest unsettled one is its first.
 */
export class SettlementTracker {
  private readonly unsettled = new Set<number>();
  private waiters: Waiter[] = [];

  track(serial: number): void {
    this.unsettled.add(serial);
  }

  settle(serial: number): void {
    this.unsettled.delete(serial);
  }

  get pending(): number {
    return this.unsettled.size;
  }

  /** Resolves when every serial up to `upTo` is settled; rejects after `timeoutMs` if given. */
  whenSettled(upTo: number, timeoutMs?: number): Promise<void> {
    if (this.isSettledUpTo(upTo)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { upTo, resolve, reject };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`events not acknowledged within ${timeoutMs} ms (${this.unsettled.size} pending)`));
        }, timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  /** Resolves the waiters whose events have all settled; call after a batch of settle()s. */
  notify(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (!this.isSettledUpTo(waiter.upTo)) still.push(waiter);
      else {
        if (waiter.timer) clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
    this.waiters = still;
  }

  /** Rejects every waiter: nothing more will settle. */
  abandon(error: Error): void {
    for (const waiter of this.waiters) {
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters = [];
  }

  private isSettledUpTo(upTo: number): boolean {
    const oldest = this.unsettled.values().next();
    return oldest.done === true || oldest.value > upTo;
  }
}
