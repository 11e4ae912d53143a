import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineNear, contextTimeDomain, estimateLabelWidth, LONE_INSTANT_PAD_MS, placeBesideLine, placeCentred } from './context-chart-layout';

const plot = { x: 60, y: 18, width: 500, height: 150 };
/** The label's horizontal extent for a placement. */
const extent = (place: { x: number; textAnchor: 'start' | 'middle' | 'end' }, width: number): [number, number] => {
  if (place.textAnchor === 'start') return [place.x, place.x + width];
  if (place.textAnchor === 'end') return [place.x - width, place.x];
  return [place.x - width / 2, place.x + width / 2];
};

describe('contextTimeDomain', () => {
  it('spans the first to the last time, in any order', () => {
    expect(contextTimeDomain([3_000, 1_000, 2_000])).toEqual([1_000, 3_000]);
  });

  it('puts a lone instant mid-axis with room either side, not on a zero-width axis', () => {
    expect(contextTimeDomain([5_000_000])).toEqual([5_000_000 - LONE_INSTANT_PAD_MS, 5_000_000 + LONE_INSTANT_PAD_MS]);
    // A marker at the same instant as the only sample is still one instant.
    expect(contextTimeDomain([5_000_000, 5_000_000])).toEqual([5_000_000 - LONE_INSTANT_PAD_MS, 5_000_000 + LONE_INSTANT_PAD_MS]);
  });
});

describe('placeBesideLine', () => {
  it("keeps a line's label on its left while it fits there", () => {
    expect(placeBesideLine(400, 80, plot)).toEqual({ x: 396, textAnchor: 'end' });
  });

  it('moves a label to the right of a line near the left edge (where it used to leave the plot)', () => {
    expect(placeBesideLine(plot.x, 80, plot)).toEqual({ x: plot.x + 4, textAnchor: 'start' });
    expect(placeBesideLine(100, 80, plot)).toEqual({ x: 104, textAnchor: 'start' });
  });

  it('keeps a label that fits on neither side whole inside the plot', () => {
    const narrow = { x: 40, width: 100 };
    const place = placeBesideLine(90, 90, narrow);
    const [from, to] = extent(place, 90);
    expect(from).toBeGreaterThanOrEqual(40);
    expect(to).toBeLessThanOrEqual(140);
  });

  it('never lets a label that fits the plot out of it, wherever the line is', () => {
    fc.assert(
      fc.property(fc.double({ min: plot.x, max: plot.x + plot.width, noNaN: true }), fc.integer({ min: 1, max: plot.width }), (lineX, width) => {
        const [from, to] = extent(placeBesideLine(lineX, width, plot), width);
        return from >= plot.x - 1e-9 && to <= plot.x + plot.width + 1e-9;
      }),
    );
  });
});

describe('placeCentred', () => {
  it('centres on the point, pushed in from either edge', () => {
    expect(placeCentred(300, 80, plot)).toEqual({ x: 300, textAnchor: 'middle' });
    expect(placeCentred(plot.x, 80, plot)).toEqual({ x: plot.x + 40, textAnchor: 'middle' });
    expect(placeCentred(plot.x + plot.width, 80, plot)).toEqual({ x: plot.x + plot.width - 40, textAnchor: 'middle' });
  });
});

describe('baselineNear', () => {
  it('writes above a point, or below it when above would leave the plot', () => {
    expect(baselineNear(100, plot)).toBe(92);
    expect(baselineNear(plot.y + 2, plot)).toBe(plot.y + 2 + 8 + 11);
  });
});

describe('estimateLabelWidth', () => {
  it('grows with the text', () => {
    expect(estimateLabelWidth('context lost')).toBeGreaterThan(estimateLabelWidth('rlm'));
  });
});
