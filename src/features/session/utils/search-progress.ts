import { formatCount } from '../../../lib/format/format';
import type { EventSearchPage, StoredEventRecord } from '../../../protocol/api-schemas';

/** Where a server search through a session's stored events stands, from its answers so far. */
export interface SearchProgress {
  /** Matches, newest first. */
  matches: StoredEventRecord[];
  searched: number;
  /** Stored events when the search began (newer ones are the live log's). */
  total: number;
  /** Every stored event has been searched. */
  complete: boolean;
}

export function searchProgress(pages: readonly EventSearchPage[]): SearchProgress {
  return {
    matches: pages.flatMap((page) => page.matches),
    searched: pages.reduce((sum, page) => sum + page.searched_events, 0),
    total: pages[0]?.total_events ?? 0,
    complete: pages.length > 0 && pages.at(-1)!.next_cursor === null,
  };
}

const matchCount = (n: number) => `${formatCount(n)} ${n === 1 ? 'match' : 'matches'}`;

/** "12 matches in all 60,000 stored events", or how much of them so far. */
export function describeSearchProgress(progress: SearchProgress): string {
  const { matches, searched, total, complete } = progress;
  if (complete) return `${matchCount(matches.length)} in all ${formatCount(total)} stored events`;
  return `${matchCount(matches.length)} in the newest ${formatCount(searched)} of ${formatCount(total)} stored events`;
}
