export interface Throttled {
  /** Runs the action now if the interval since the last run is over, else once when it is. */
  call(): void;
  /** Drops a pending run (unmount). */
  cancel(): void;
}

/**
 * Leading and trailing throttle: the first call runs at once, calls during the
 * interval collapse into one run at its end. A burst of live updates becomes
 * at most one refetch per interval, and the last change is never lost.
 */
export function throttle(action: () => void, intervalMs: number, now: () => number = Date.now): Throttled {
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    lastRun = now();
    action();
  };
  return {
    call() {
      if (timer !== null) return;
      const wait = lastRun + intervalMs - now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
