import { useSyncExternalStore } from 'react';

// One shared clock per interval instead of a timer per component: a table of
// 500 "12 s ago" cells re-renders on one tick, and no timer runs when nothing
// is mounted.

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
}

const tickers = new Map<number, Ticker>();

function tickerFor(intervalMs: number): Ticker {
  let ticker = tickers.get(intervalMs);
  if (!ticker) {
    ticker = { now: Date.now(), listeners: new Set(), timer: null };
    tickers.set(intervalMs, ticker);
  }
  return ticker;
}

function subscribe(intervalMs: number, listener: () => void): () => void {
  const ticker = tickerFor(intervalMs);
  ticker.listeners.add(listener);
  if (ticker.timer === null) {
    ticker.now = Date.now();
    ticker.timer = setInterval(() => {
      ticker.now = Date.now();
      for (const notify of ticker.listeners) notify();
    }, intervalMs);
  }
  return () => {
    ticker.listeners.delete(listener);
    if (ticker.listeners.size === 0 && ticker.timer !== null) {
      clearInterval(ticker.timer);
      ticker.timer = null;
    }
  };
}

/** The current time in ms, re-rendering the caller every `intervalMs` (shared between callers). */
export function useNow(intervalMs = 1_000): number {
  return useSyncExternalStore(
    (listener) => subscribe(intervalMs, listener),
    () => tickerFor(intervalMs).now,
  );
}
