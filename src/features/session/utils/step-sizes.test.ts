import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StepSizes } from './step-sizes';

const steps = (...keys: string[]) => keys.map((key) => ({ key }));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `s${from + i}`);

/** What the sizes say about each step (its top, the step found at its middle) and the total. */
function read(sizes: StepSizes, heights: readonly number[]) {
  return {
    tops: heights.map((_, i) => sizes.offsetOf(i)),
    // A step of no height covers no offset: -1 there, in both.
    found: heights.map((height, i) => (height > 0 ? sizes.indexAt(sizes.offsetOf(i) + height / 2) : -1)),
    total: sizes.total(),
  };
}

/** The same, summed the slow way. */
function model(heights: readonly number[]) {
  const tops: number[] = [];
  let top = 0;
  for (const height of heights) {
    tops.push(top);
    top += height;
  }
  return { tops, found: heights.map((height, i) => (height > 0 ? i : -1)), total: top };
}

describe('step sizes', () => {
  it('estimates steps not drawn yet and sums measured ones', () => {
    const sizes = new StepSizes(100);
    sizes.sync(steps('a', 'b', 'c'));
    expect(sizes.total()).toBe(300);
    expect(sizes.measure('b', 40)).toBe(true);
    expect(sizes.measure('b', 40)).toBe(false);
    expect(sizes.measure('gone', 40)).toBe(false);
    expect(read(sizes, [100, 40, 100])).toEqual(model([100, 40, 100]));
    expect(sizes.indexAt(-5)).toBe(0);
    expect(sizes.indexAt(139)).toBe(1);
    expect(sizes.indexAt(140)).toBe(2);
    expect(sizes.indexAt(10_000)).toBe(2);
  });

  it('adds only the new steps when the transcript grew at its end, past its capacity', () => {
    const sizes = new StepSizes(10);
    sizes.sync(steps(...range(0, 3)));
    sizes.measure('s1', 25);
    const heights = [10, 25, 10];
    for (let n = 4; n <= 70; n++) {
      sizes.sync(steps(...range(0, n)));
      heights.push(10);
      if (n % 7 === 0) {
        sizes.measure(`s${n - 1}`, n);
        heights[n - 1] = n;
      }
    }
    expect(read(sizes, heights)).toEqual(model(heights));
  });

  it('keeps what was measured when the steps are rebuilt (earlier steps read in), and forgets steps that left', () => {
    const sizes = new StepSizes(50);
    sizes.sync(steps('c', 'd'));
    sizes.measure('c', 70);
    sizes.measure('d', 20);
    sizes.sync(steps('a', 'b', 'c', 'd'));
    expect(read(sizes, [50, 50, 70, 20])).toEqual(model([50, 50, 70, 20]));
    sizes.sync(steps('a', 'd'));
    sizes.sync(steps('a', 'c', 'd'));
    // 'c' left in between: its measurement went with it.
    expect(read(sizes, [50, 50, 20])).toEqual(model([50, 50, 20]));
  });

  it('agrees with summing every step, whatever is appended, measured or rebuilt', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('grow' as const), by: fc.integer({ min: 0, max: 20 }) }),
            fc.record({ op: fc.constant('measure' as const), at: fc.nat(200), size: fc.integer({ min: 0, max: 500 }) }),
            fc.record({ op: fc.constant('drop' as const), by: fc.integer({ min: 1, max: 5 }) }),
          ),
          { maxLength: 40 },
        ),
        (ops) => {
          const sizes = new StepSizes(64);
          const measured = new Map<string, number>();
          let from = 0;
          let to = 0;
          for (const op of ops) {
            if (op.op === 'grow') to += op.by;
            else if (op.op === 'drop') from = Math.min(to, from + op.by);
            sizes.sync(steps(...range(from, to)));
            if (op.op === 'drop') for (const key of measured.keys()) if (Number(key.slice(1)) < from) measured.delete(key);
            if (op.op === 'measure' && to > from) {
              const key = `s${from + (op.at % (to - from))}`;
              sizes.measure(key, op.size);
              measured.set(key, op.size);
            }
          }
          const heights = range(from, to).map((key) => measured.get(key) ?? 64);
          expect(read(sizes, heights)).toEqual(model(heights));
        },
      ),
    );
  });
});
