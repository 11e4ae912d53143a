import { useSyncExternalStore } from 'react';

// One shared clock per interval instead of a timer per component: a table of
// 500 "12 s ago" cells re-renders on one tick, and no timer runs when nothing
// is mounted.

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
  /** Stable per interval: a new function each render would make React resubscribe on every render. */
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => number;
}

const tickers = new Map<number, Ticker>();

function tickerFor(intervalMs: number): Ticker {
  let ticker = tickers.get(intervalMs);
  if (!ticker) {
    const created: Ticker = {
      now: Date.now(),
      listeners: new Set(),
      timer: null,
      subscribe: (listener) => subscribe(created, intervalMs, listener),
      getSnapshot: () => created.now,
    };
    tickers.set(intervalMs, created);
    ticker = created;
  }
  return ticker;
}

function subscribe(ticker: Ticker, intervalMs: number, listener: () => void): () => void {
  ticker.listeners.add(listener);
  if (ticker.timer === null) {
    // Catch up after an idle spell, but never move the snapshot on every
    // (re)subscription: React re-renders when it changes, which could resubscribe.
    if (Date.now() - ticker.now >= intervalMs) ticker.now = Date.now();
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
  const ticker = tickerFor(intervalMs);
  return useSyncExternalStore(ticker.subscribe, ticker.getSnapshot);
}
