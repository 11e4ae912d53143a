import { describe, expect, it } from 'vitest';
import { rowKeys } from './row-keys';

const seqs = (...list: number[]) => list.map((seq) => ({ seq }));
const run = (from: number, to: number) => seqs(...Array.from({ length: to - from }, (_, i) => from + i));

describe('rowKeys', () => {
  it('keys rows by seq unless asked to recycle', () => {
    expect(rowKeys(run(10, 20), 2, 6, false)).toEqual([12, 13, 14, 15]);
  });

  it('recycles: a row that scrolls out hands its key to the one that scrolls in, the rest keep theirs', () => {
    const rows = run(100, 200);
    const before = rowKeys(rows, 90, 100, true);
    // Three new rows arrived and three older ones left the view (and the ring).
    const after = rowKeys(run(103, 203), 90, 100, true);
    expect(new Set(before).size).toBe(10);
    expect(new Set(after).size).toBe(10);
    // Rows 193..199 are drawn both times, under the same key.
    expect(after.slice(0, 7)).toEqual(before.slice(3));
    // The new rows took the keys the rows that left had.
    expect(after.slice(7).toSorted()).toEqual(before.slice(0, 3).toSorted());
  });

  it('keys by seq when the drawn rows are not consecutive (a filtered log), so no two share a key', () => {
    const rows = seqs(1, 2, 4, 6, 7, 9);
    expect(rowKeys(rows, 0, 6, true)).toEqual([1, 2, 4, 6, 7, 9]);
    expect(rowKeys(rows, 0, 0, true)).toEqual([]);
  });
});
