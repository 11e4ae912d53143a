/**
 * Replays take turns: each waiting replay is let through for one slice, one per
 * turn of the event loop, in the order they asked. Every turn in between polls
 * I/O, so a health check or a live batch waits for at most one slice however
 * many browsers replay at once (`setImmediate` queued from an immediate runs on
 * the next turn, after I/O).
 */
export class ReplayTurns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves when it is this caller's turn. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  get queued(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
