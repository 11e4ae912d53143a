/** A debounced call: `call` restarts the wait, `flush` runs a pending call now, `cancel` drops it. */
export interface Debounced<A extends unknown[]> {
  call: (...args: A) => void;
  flush: () => void;
  cancel: () => void;
}

/**
 * Runs `fn` once `waitMs` have passed without another call, with the last
 * arguments. Used where a cheap, instant action (a keystroke) feeds a costly
 * one (a URL write, a server query) that only needs the settled value.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, waitMs: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  const run = () => {
    timer = null;
    const args = pending;
    pending = null;
    if (args) fn(...args);
  };
  return {
    call: (...args) => {
      pending = args;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(run, waitMs);
    },
    flush: () => {
      if (timer !== null) clearTimeout(timer);
      run();
    },
    cancel: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
