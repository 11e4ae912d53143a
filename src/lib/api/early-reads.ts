import { apiReadInit, apiReadUrl, type ApiRead } from './api-url';

// Reads started while the HTML is still arriving, by the small early entry
// (src/app/early-start.ts), before the app's own code has loaded and evaluated:
// on a cold open that code takes a few hundred milliseconds, and the page's
// first reads used to wait behind it. The app's fetcher takes each response
// over (once) when its query asks for the same URL, so nothing is read twice.

/** A response not taken by then was not wanted (the page asked for something else): dropped. */
const UNCLAIMED_AFTER_MS = 30_000;

interface EarlyRead {
  response: Promise<Response>;
  startedAtMs: number;
}

const started = new Map<string, EarlyRead>();
/**
 * Set by the app's first read: from then on it reads for itself, and an early read
 * started later (its entry was slow) could only repeat one the app already made.
 */
let appReading = false;

/** Starts `read` now, unless the same URL is already under way or the app reads for itself already. */
export function startEarlyRead(read: ApiRead, nowMs = Date.now()): void {
  const url = apiReadUrl(read);
  if (appReading || started.has(url)) return;
  const response = fetch(url, apiReadInit());
  // Whoever takes it handles a failure; one never taken must not surface as unhandled.
  response.catch(() => undefined);
  started.set(url, { response, startedAtMs: nowMs });
}

/** The early response for `url`, once: the next ask for it fetches anew. */
export function takeEarlyRead(url: string, nowMs = Date.now()): Promise<Response> | undefined {
  appReading = true;
  if (started.size === 0) return undefined;
  const early = started.get(url);
  started.delete(url);
  for (const [key, other] of started) if (nowMs - other.startedAtMs > UNCLAIMED_AFTER_MS) started.delete(key);
  if (!early || nowMs - early.startedAtMs > UNCLAIMED_AFTER_MS) return undefined;
  return early.response;
}
