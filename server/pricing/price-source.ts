import fs from 'node:fs';
import type { Logger } from 'pino';
import { parsePriceOverrides } from './price-overrides';
import { Prices } from './prices';

// Where the server gets its current Prices: the catalogue, plus the overrides file
// when one is configured. The file is checked (one stat) whenever prices are asked
// for, so an edit reprices history on the next request with no re-ingest.

export interface PriceSource {
  /** The prices to use for one request (or one export). */
  current(): Prices;
}

const catalogueOnly = new Prices();

/** The catalogue alone: for tools and tests that have no overrides file. */
export const cataloguePrices: PriceSource = { current: () => catalogueOnly };

/**
 * Reads `filePath` now (a missing or invalid file throws, naming the entry and the
 * field, so start-up stops), then again whenever its mtime or size changes. A file
 * that turns invalid later is logged and the previous prices stay in use.
 */
export function watchPriceOverrides(filePath: string, log: Pick<Logger, 'info' | 'error'>): PriceSource {
  let prices = load(filePath, fs.readFileSync(filePath, 'utf8'));
  let seen = fingerprint(filePath);
  log.info({ pricesFile: filePath }, 'price overrides loaded');
  return {
    current() {
      let now: string;
      try {
        now = fingerprint(filePath);
      } catch (err) {
        if (seen !== 'missing') log.error({ pricesFile: filePath, err: (err as Error).message }, 'prices file unreadable; keeping the previous prices');
        seen = 'missing';
        return prices;
      }
      if (now === seen) return prices;
      seen = now;
      try {
        prices = load(filePath, fs.readFileSync(filePath, 'utf8'));
        log.info({ pricesFile: filePath }, 'price overrides reloaded');
      } catch (err) {
        log.error({ pricesFile: filePath, err: (err as Error).message }, 'prices file rejected; keeping the previous prices');
      }
      return prices;
    },
  };
}

function load(filePath: string, text: string): Prices {
  const parsed = parsePriceOverrides(text);
  if (!parsed.ok) throw new Error(`prices file ${filePath}: ${parsed.error}`);
  return new Prices(parsed.overrides);
}

function fingerprint(filePath: string): string {
  const stat = fs.statSync(filePath);
  return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
}
