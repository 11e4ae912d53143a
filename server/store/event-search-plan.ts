import type { StoredEventRecord } from '#protocol/api-schemas';
import type { SessionEventSearchQuery } from '#protocol/api-queries';
import { eventSearchValues, foldSearchText, searchValuesMatch, storedSearchTypes } from '#protocol/event-search';

// The dialect-neutral half of a search over a session's stored events
// (`EventStore.searchEvents`). Each store runs the same three steps in its SQL:
//   1. the window: at most SCAN_WINDOW events older than `before`;
//   2. candidates in it, newest first: a cheap SQL test on the raw JSON that
//      never misses a match (`prefilterFragment`), at most CANDIDATE_CAP rows;
//   3. the exact test here (src/protocol/event-search.ts), which the browser's
//      own filter uses too, and where the scan stopped (`scanStop`).
// Work per request is bounded by the two constants, whatever the session's size.

/** Events one request looks at, at most: a 100,000-event session takes five answers. */
export const SCAN_WINDOW = 20_000;
/** Rows one request reads and parses, at most (a needle such as "tool" passes the raw-JSON test in most rows). */
export const CANDIDATE_CAP = 5_000;

export interface SearchPlan {
  /** The folded needle ('' for none). */
  needle: string;
  /** The stored types that may match: undefined for any, empty when none can. */
  types: string[] | undefined;
  /** A substring every candidate's lower-cased JSON must contain; null when the SQL cannot narrow by text. */
  fragment: string | null;
  limit: number;
  before: number | undefined;
}

/**
 * Characters a database's lower() leaves as JavaScript's toLowerCase() would
 * wherever they occur: ASCII and caseless characters, except those JavaScript
 * also makes out of non-ASCII capitals ('İ' -> 'i̇', Kelvin 'K' -> 'k': the only
 * ones in Unicode, checked by enumerating every code point).
 */
const foldsAlikeEverywhere = (char: string) =>
  char !== 'i' && char !== 'k' && char !== '\u0307' && (char.charCodeAt(0) < 0x80 || char.toLowerCase() === char.toUpperCase());

/**
 * What the SQL may test on the raw, lower-cased JSON without ever missing a match:
 * the needle as JSON escapes it (a value `say "hi"` is stored as `say \"hi\"`),
 * cut to its longest run of characters that fold alike in SQL and JavaScript
 * (SQLite's lower() folds only ASCII, so an `é` must not be in it). The exact
 * test follows in JavaScript.
 */
export function prefilterFragment(foldedNeedle: string): string | null {
  if (foldedNeedle === '') return null;
  let best = '';
  let run = '';
  for (const char of foldedNeedle) {
    // A lone surrogate half is stored escaped, but one of a pair is stored as the pair: either may be in the JSON.
    const loneSurrogate = char.length === 1 && char.charCodeAt(0) >= 0xd800 && char.charCodeAt(0) <= 0xdfff;
    run = foldsAlikeEverywhere(char) && !loneSurrogate ? run + JSON.stringify(char).slice(1, -1) : '';
    if (run.length > best.length) best = run;
  }
  return best === '' ? null : best;
}

export function planEventSearch(query: SessionEventSearchQuery): SearchPlan {
  const needle = foldSearchText(query.q ?? '');
  return {
    needle,
    types: storedSearchTypes(query.type, query.class),
    fragment: prefilterFragment(needle),
    limit: query.limit,
    before: query.before,
  };
}

export interface CandidateRow {
  cursor: number;
  json: string;
}

export interface ScanResult {
  matches: StoredEventRecord[];
  /**
   * The lowest cursor the scan has covered: every event in [stop, before) has
   * been looked at. null: the scan reached the session's oldest event.
   */
  stop: number | null;
}

/**
 * The exact test over the candidates (newest first) and where the scan stopped:
 * at the last match when the page is full, at the last candidate when the SQL
 * cap cut them short, else at the window's floor (null: the oldest event).
 */
export function scanCandidates(plan: SearchPlan, rows: readonly CandidateRow[], windowFloor: number | null): ScanResult {
  const matches: StoredEventRecord[] = [];
  for (const row of rows) {
    const event = JSON.parse(row.json) as StoredEventRecord['event'];
    if (plan.needle !== '' && !searchValuesMatch(eventSearchValues(event), plan.needle)) continue;
    matches.push({ cursor: row.cursor, event });
    if (matches.length === plan.limit) return { matches, stop: row.cursor };
  }
  if (rows.length === CANDIDATE_CAP) return { matches, stop: rows.at(-1)!.cursor };
  return { matches, stop: windowFloor };
}
