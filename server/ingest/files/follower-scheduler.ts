import type { Logger } from 'pino';

export type CatchUpVerdict = 'done' | 'more' | 'store-down';

export interface FollowerSchedulerOptions {
  /** One catch-up pass of one file. */
  catchUp: (name: string) => Promise<CatchUpVerdict>;
  /** How long to pause everything after the store refused a batch. */
  retryDelayMs: () => number;
  log: Logger;
}

/**
 * Decides which followed file is read next. Files marked dirty (by fs.watch or
 * the poll) are caught up one at a time, so there is one open handle and one
 * read buffer however many files there are; a file with more to read goes to
 * the back of the queue. When the store is down every file waits (it is the same
 * store), and the queue is kept for the retry.
 */
export class FollowerScheduler {
  private readonly dirty = new Set<string>();
  private running: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopRequested = false;

  constructor(private readonly options: FollowerSchedulerOptions) {}

  get stopped(): boolean {
    return this.stopRequested;
  }

  markDirty(names: Iterable<string>): void {
    for (const name of names) this.dirty.add(name);
    this.kick();
  }

  /** No new passes; resolves when the one under way has finished. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.running;
  }

  private kick(): void {
    if (this.stopRequested || this.running || this.retryTimer) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.dirty.size > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopRequested && this.dirty.size > 0) {
      const name = this.dirty.values().next().value as string;
      this.dirty.delete(name);
      let verdict: CatchUpVerdict;
      try {
        verdict = await this.options.catchUp(name);
      } catch (err) {
        // A bug in one file's pass must not end following for all of them.
        this.options.log.error({ err, file: name }, 'following a file failed');
        continue;
      }
      if (verdict === 'more') this.dirty.add(name);
      if (verdict === 'store-down') {
        this.dirty.add(name);
        this.pauseFor(this.options.retryDelayMs());
        return;
      }
    }
  }

  private pauseFor(ms: number): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, ms);
    this.retryTimer.unref();
  }
}
