import { storedToken } from '../settings/auth-token-storage';
import { apiReadInit, apiReadUrl, type ApiRead } from './api-url';

// Reads started while the HTML is still arriving, by the small early entry
// (src/app/early-start.ts), before the app's own code has loaded and evaluated:
// on a cold open that code takes a few hundred milliseconds, and the page's
// first reads used to wait behind it. The app's fetcher takes each response
// over (once) when its query asks for the same URL, so nothing is read twice.
//
// The early entry is built as its own self-contained script (see vite.config.ts),
// with its own copy of this module: the two copies share the reads through one
// registry on the page's global object.

/** A response not taken by then was not wanted (the page asked for something else): dropped. */
const UNCLAIMED_AFTER_MS = 30_000;

interface EarlyRead {
  response: Promise<Response>;
  startedAtMs: number;
}

interface EarlyReads {
  started: Map<string, EarlyRead>;
  /**
   * Set by the app's first read: from then on it reads for itself, and an early read
   * started later (its entry was slow) could only repeat one the app already made.
   */
  appReading: boolean;
}

const registryKey = Symbol.for('tether-watch:early-reads');

function registry(): EarlyReads {
  const global = globalThis as typeof globalThis & { [registryKey]?: EarlyReads };
  return (global[registryKey] ??= { started: new Map(), appReading: false });
}

/** Starts `read` now, unless the same URL is already under way or the app reads for itself already. */
export function startEarlyRead(read: ApiRead, nowMs = Date.now()): void {
  const reads = registry();
  const url = apiReadUrl(read);
  if (reads.appReading || reads.started.has(url)) return;
  // The token as kept: the app's store starts from the same.
  const response = fetch(url, apiReadInit(storedToken()?.token ?? null));
  // Whoever takes it handles a failure; one never taken must not surface as unhandled.
  response.catch(() => undefined);
  reads.started.set(url, { response, startedAtMs: nowMs });
}

/** The early response for `url`, once: the next ask for it fetches anew. */
export function takeEarlyRead(url: string, nowMs = Date.now()): Promise<Response> | undefined {
  const reads = registry();
  reads.appReading = true;
  if (reads.started.size === 0) return undefined;
  const early = reads.started.get(url);
  reads.started.delete(url);
  for (const [key, other] of reads.started) if (nowMs - other.startedAtMs > UNCLAIMED_AFTER_MS) reads.started.delete(key);
  if (!early || nowMs - early.startedAtMs > UNCLAIMED_AFTER_MS) return undefined;
  return early.response;
}
