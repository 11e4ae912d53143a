import { describe, expect, it } from 'vitest';
import type { EventSearchPage } from '../../../protocol/api-schemas';
import { describeSearchProgress, searchProgress } from './search-progress';

const match = (cursor: number) => ({ cursor, event: { session_id: 's', seq: cursor, ts: 0, type: 'text_complete' } });
const page = (cursors: number[], searched: number, total: number, next: number | null): EventSearchPage => ({
  matches: cursors.map(match),
  searched_events: searched,
  total_events: total,
  next_cursor: next,
});

describe('search progress', () => {
  it('adds the answers up and says whether everything stored was searched', () => {
    const partial = searchProgress([page([900, 800], 20_000, 60_000, 700), page([500], 30_000, 60_010, 400)]);
    expect(partial).toMatchObject({ searched: 50_000, total: 60_000, complete: false });
    expect(partial.matches.map((m) => m.cursor)).toEqual([900, 800, 500]);
    expect(describeSearchProgress(partial)).toBe('3 matches in the newest 50,000 of 60,000 stored events');
    const whole = searchProgress([page([900], 20_000, 60_000, 700), page([], 40_000, 60_000, null)]);
    expect(describeSearchProgress(whole)).toBe('1 match in all 60,000 stored events');
    expect(searchProgress([])).toMatchObject({ matches: [], searched: 0, total: 0, complete: false });
  });
});
