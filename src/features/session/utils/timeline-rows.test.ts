import { describe, expect, it } from 'vitest';
import type { EventPage } from '../../../protocol/api-schemas';
import { storedRows, timelineRows, type EphemeralEntry, type TimelineRow } from './timeline-rows';

const event = (seq: number, type = 'done') => ({ session_id: 's1', seq, ts: seq, type });
const page = (...pairs: Array<[cursor: number, seq: number]>): EventPage => ({
  events: pairs.map(([cursor, seq]) => ({ cursor, event: event(seq) })),
  next_cursor: null,
});
const ephemeral = (seq: number): EphemeralEntry => ({ cursor: null, event: event(seq, 'thinking') });
const shape = (rows: readonly TimelineRow[]) => rows.map((r) => [r.seq, r.cursor]);

describe('storedRows', () => {
  it('flattens pages, dropping repeats and sorting a late re-send into place', () => {
    const rows = storedRows([page([10, 1], [11, 3]), page([12, 3], [13, 2])]);
    expect(shape(rows)).toEqual([
      [1, 10],
      [2, 13],
      [3, 11],
    ]);
  });

  it('keeps each stored event its row object when the socket grows its page into a new one', () => {
    const first = page([10, 1], [11, 2]);
    const grown: EventPage = { events: [...first.events, { cursor: 12, event: event(3) }], next_cursor: null };
    const before = storedRows([first]);
    const after = storedRows([grown]);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(shape(after)).toEqual([
      [1, 10],
      [2, 11],
      [3, 12],
    ]);
  });
});

describe('timelineRows', () => {
  it('weaves ephemeral events between stored ones by seq', () => {
    const stored = storedRows([page([10, 1], [11, 3], [12, 5])]);
    const rows = timelineRows(stored, [ephemeral(2), ephemeral(4), ephemeral(6)]);
    expect(shape(rows)).toEqual([
      [1, 10],
      [2, null],
      [3, 11],
      [4, null],
      [5, 12],
      [6, null],
    ]);
  });

  it('keeps the same row object for a ring entry across frames', () => {
    const entries = [ephemeral(5)];
    const first = timelineRows([], entries);
    const second = timelineRows([], [...entries, ephemeral(6)]);
    expect(second[0]).toBe(first[0]);
  });

  it('returns the stored rows themselves when the ring is empty', () => {
    const stored = storedRows([page([10, 1])]);
    expect(timelineRows(stored, [])).toBe(stored);
  });
});
