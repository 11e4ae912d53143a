import { describe, expect, it } from 'vitest';
import type { EventPage } from '../../../protocol/api-schemas';
import { historyCursor, historyRows, mergeTimeline, type LiveTimelineEntry } from './merge-timeline';

const event = (seq: number, type = 'done') => ({ session_id: 's1', seq, ts: seq, type });
const page = (...pairs: Array<[cursor: number, seq: number]>): EventPage => ({
  events: pairs.map(([cursor, seq]) => ({ cursor, event: event(seq) })),
  next_cursor: null,
});
const live = (cursor: number | null, seq: number): LiveTimelineEntry => ({ cursor, event: event(seq, cursor === null ? 'thinking' : 'done') });
const shape = (rows: ReturnType<typeof historyRows>) => rows.map((r) => [r.seq, r.cursor]);

describe('timeline merge', () => {
  it('flattens pages, dropping repeats and sorting a late re-send into place', () => {
    const rows = historyRows([page([10, 1], [11, 3]), page([12, 3], [13, 2])]);
    expect(shape(rows)).toEqual([
      [1, 10],
      [2, 13],
      [3, 11],
    ]);
    expect(historyCursor([page([10, 1]), { events: [], next_cursor: null }])).toBe(10);
    expect(historyCursor([])).toBe(0);
  });

  it('appends live events after the history, once each', () => {
    const history = historyRows([page([10, 1], [11, 2])]);
    const merged = mergeTimeline(history, [live(11, 2), live(null, 3), live(12, 4)]);
    expect(shape(merged)).toEqual([
      [1, 10],
      [2, 11],
      [3, null],
      [4, 12],
    ]);
  });

  it('interleaves ephemeral live events between stored ones by seq', () => {
    const history = historyRows([page([10, 1], [11, 3], [12, 5])]);
    const merged = mergeTimeline(history, [live(null, 2), live(11, 3), live(null, 4), live(12, 5), live(13, 6)]);
    expect(merged.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps the same row object for a live entry across merges', () => {
    const entries = [live(null, 5)];
    const first = mergeTimeline([], entries);
    const second = mergeTimeline([], [...entries, live(null, 6)]);
    expect(second[0]).toBe(first[0]);
  });

  it('returns the history itself when nothing is live', () => {
    const history = historyRows([page([10, 1])]);
    expect(mergeTimeline(history, [])).toBe(history);
  });
});
