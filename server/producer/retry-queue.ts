import type { PendingEvent } from './pending-event';

/**
 * Stored events of frames the server refused (or did not fully acknowledge),
 * held for a back-off and then released together to be written again on the
 * same connection. A reconnect clears it: reconnecting resends everything
 * unacknowledged anyway.
 */
export class RetryQueue {
  private waiting: PendingEvent[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly release: (due: PendingEvent[]) => void) {}

  add(events: readonly PendingEvent[], delayMs: () => number): void {
    if (events.length === 0) return;
    this.waiting.push(...events);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const due = this.waiting;
      this.waiting = [];
      this.release(due);
    }, delayMs());
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting = [];
  }
}
