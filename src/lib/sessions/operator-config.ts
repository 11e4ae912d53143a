import { DEFAULT_STALLED_AFTER_MS } from './session-status';

// Operator tunables read once at start-up. Set in the browser console, e.g.
// localStorage.setItem('tether-watch:stalled-after-ms', '60000'), then reload.

function readNumber(key: string, fallback: number, min: number): number {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(key);
    const value = raw === null ? NaN : Number(raw);
    return Number.isFinite(value) && value >= min ? value : fallback;
  } catch {
    return fallback;
  }
}

/** No event for this long while not done: the session shows as stalled. */
export const stalledAfterMs = readNumber('tether-watch:stalled-after-ms', DEFAULT_STALLED_AFTER_MS, 1_000);

/** Events kept per session in the browser's ring; older ones are read from the server on demand. */
export const eventRingSize = readNumber('tether-watch:event-ring-size', 2_000, 100);
