import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorAt, anchoredTop, indexOfSeq, lowerBoundSeq, rowAtOffset, rowLayout, rowOffset, rowRange, rowSize } from './row-window';

/** The same layout measured the slow way: every row's top, one after another. */
function tops(count: number, rowHeight: number, heights: Map<number, number>): number[] {
  const result: number[] = [];
  let top = 0;
  for (let i = 0; i < count; i++) {
    result.push(top);
    top += Math.max(rowHeight, heights.get(i) ?? rowHeight);
  }
  result.push(top);
  return result;
}

describe('row window', () => {
  it('places rows of one height by index', () => {
    const layout = rowLayout(100, 35);
    expect(layout.total).toBe(3_500);
    expect(rowOffset(layout, 10)).toBe(350);
    expect(rowAtOffset(layout, 349)).toBe(9);
    expect(rowAtOffset(layout, 350)).toBe(10);
    expect(rowAtOffset(layout, -20)).toBe(0);
    expect(rowAtOffset(layout, 99_999)).toBe(99);
  });

  it('adds the extra height of open rows above a row, and finds a row inside an open one', () => {
    const layout = rowLayout(10, 30, [
      { index: 7, height: 100 },
      { index: 2, height: 230 },
    ]);
    expect(layout.tall.map((row) => row.index)).toEqual([2, 7]);
    expect(layout.total).toBe(10 * 30 + 200 + 70);
    expect(rowOffset(layout, 2)).toBe(60);
    expect(rowOffset(layout, 3)).toBe(290);
    expect(rowOffset(layout, 8)).toBe(8 * 30 + 200 + 70);
    expect(rowSize(layout, 2)).toBe(230);
    expect(rowSize(layout, 3)).toBe(30);
    expect(rowAtOffset(layout, 60)).toBe(2);
    expect(rowAtOffset(layout, 289)).toBe(2);
    expect(rowAtOffset(layout, 290)).toBe(3);
  });

  it('ignores open rows outside the list or no taller than a row', () => {
    const layout = rowLayout(5, 30, [
      { index: 9, height: 300 },
      { index: 1, height: 30 },
      { index: -1, height: 300 },
    ]);
    expect(layout.tall).toEqual([]);
    expect(layout.total).toBe(150);
  });

  it('agrees with measuring every row, for any heights and offsets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 10, max: 50 }),
        fc.array(fc.tuple(fc.nat(59), fc.integer({ min: 1, max: 400 })), { maxLength: 8 }),
        fc.nat(5_000),
        (count, rowHeight, open, probe) => {
          const heights = new Map(open.filter(([index]) => index < count));
          const layout = rowLayout(
            count,
            rowHeight,
            [...heights].map(([index, height]) => ({ index, height })),
          );
          const expected = tops(count, rowHeight, heights);
          expect(layout.total).toBe(expected[count]);
          for (let i = 0; i < count; i++) expect(rowOffset(layout, i)).toBe(expected[i]);
          const offset = probe % (layout.total + 1);
          const index = rowAtOffset(layout, offset);
          const covering = offset >= layout.total ? count - 1 : expected.findIndex((top, i) => i < count && offset >= top && offset < expected[i + 1]!);
          expect(index).toBe(covering);
        },
      ),
    );
  });

  it('draws the rows in view plus the overscan, within the list', () => {
    const layout = rowLayout(1_000, 35);
    expect(rowRange(layout, 0, 350, 4)).toEqual({ start: 0, end: 14 });
    expect(rowRange(layout, 35 * 500, 350, 4)).toEqual({ start: 496, end: 514 });
    expect(rowRange(layout, layout.total - 350, 350, 4)).toEqual({ start: 986, end: 1_000 });
    expect(rowRange(rowLayout(0, 35), 0, 350, 4)).toEqual({ start: 0, end: 0 });
  });

  it('finds rows by seq in seq order', () => {
    const rows = [{ seq: 2 }, { seq: 5 }, { seq: 9 }];
    expect(lowerBoundSeq(rows, 5)).toBe(1);
    expect(lowerBoundSeq(rows, 6)).toBe(2);
    expect(lowerBoundSeq(rows, 10)).toBe(3);
    expect(indexOfSeq(rows, 9)).toBe(2);
    expect(indexOfSeq(rows, 3)).toBe(-1);
  });

  it('keeps a reader on the same row when rows are read in above it or leave', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ seq: 1_000 + i }));
    const before = rowLayout(rows.length, 35);
    const anchor = anchorAt(before, rows, 35 * 40 + 10)!;
    expect(anchor).toEqual({ seq: 1_040, delta: 10 });

    // 500 earlier rows read in above: the same row, 500 rows further down.
    const earlier = Array.from({ length: 500 }, (_, i) => ({ seq: 500 + i })).concat(rows);
    expect(anchoredTop(rowLayout(earlier.length, 35), earlier, anchor, 350)).toBe(35 * 540 + 10);

    // The anchored row left (an ephemeral event trimmed): the next row, at its top.
    const without = rows.filter((row) => row.seq !== 1_040);
    expect(anchoredTop(rowLayout(without.length, 35), without, anchor, 350)).toBe(35 * 40);

    // Never past the end of the list.
    const short = rows.slice(0, 41);
    expect(anchoredTop(rowLayout(short.length, 35), short, anchor, 350)).toBe(41 * 35 - 350);
  });
});
