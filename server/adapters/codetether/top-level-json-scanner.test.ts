import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopLevelJsonScanner, type TopLevelScanOptions } from './top-level-json-scanner';

const WANTED = ['id', 'title', 'usage'];

/** Feeds `text` cut at `cuts` (sorted byte offsets) and ends the input when the scanner still wants more. */
function scan(text: string, options: TopLevelScanOptions, cuts: readonly number[] = []): TopLevelJsonScanner {
  const data = Buffer.from(text, 'utf8');
  const scanner = new TopLevelJsonScanner(options);
  let start = 0;
  for (const cut of [...cuts, data.length]) {
    if (scanner.push(data.subarray(start, cut))) return scanner;
    start = cut;
  }
  scanner.end();
  return scanner;
}

/** Every cut of a short text into two, and into single bytes. */
function everySplit(text: string): number[][] {
  const length = Buffer.byteLength(text);
  return [...Array.from({ length: length - 1 }, (_, i) => [i + 1]), Array.from({ length: length - 1 }, (_, i) => i + 1)];
}

describe('TopLevelJsonScanner', () => {
  const doc = JSON.stringify({
    messages: [{ role: 'user', content: 'a "quoted" {brace} [bracket] \\ back\\slash \u00e9 😀' }, { n: -1.5e3, ok: true, nothing: null }],
    id: 'abc',
    'ti\u0074le': 'Fix "it" — now',
    skipped: { deep: [[[{}]]], s: '}]' },
    usage: { prompt_tokens: 10, completion_tokens: 2 },
    after: 'never read',
  });

  it('finds the wanted values past big skipped ones, for any chunk boundaries, and stops there', () => {
    for (const cuts of everySplit(doc)) {
      const scanner = scan(doc, { wanted: WANTED }, cuts);
      expect(scanner.status).toBe('complete');
      expect(Object.fromEntries(scanner.values)).toEqual({ id: 'abc', title: 'Fix "it" — now', usage: { prompt_tokens: 10, completion_tokens: 2 } });
      expect(scanner.bytesScanned).toBe(Buffer.byteLength(doc) - Buffer.byteLength(',"after":"never read"}'));
    }
  });

  it('stops where the stop key starts, without reading its value', () => {
    const text = '{"id":"s1","title":null,"messages":[' + '{"x":"y"},'.repeat(1000) + '{}],"usage":{}}';
    const scanner = scan(text, { wanted: WANTED, stopAtKey: 'messages' });
    expect(scanner.status).toBe('stopped');
    expect(Object.fromEntries(scanner.values)).toEqual({ id: 's1', title: null });
    expect(scanner.bytesScanned).toBe('{"id":"s1","title":null,"messages"'.length);
  });

  it('reads scalars of every kind and pretty-printed input', () => {
    const text = JSON.stringify({ id: 12.5e-1, title: false, x: [1, 2], usage: null }, null, 2);
    for (const cuts of everySplit(text)) {
      const scanner = scan(text, { wanted: WANTED }, cuts);
      expect(Object.fromEntries(scanner.values)).toEqual({ id: 1.25, title: false, usage: null });
    }
  });

  it('reports an object closed before every wanted key, a cut-off file, and input that is not an object', () => {
    expect(scan('\uFEFF{"id":"a"}', { wanted: WANTED }).status).toBe('end');
    const cut = scan('{"id":"a","messages":[{"text":"unfinis', { wanted: WANTED });
    expect(cut.status).toBe('truncated');
    expect(cut.values.get('id')).toBe('a');
    const array = scan('[1,2]', { wanted: WANTED });
    expect([array.status, array.error]).toEqual(['error', 'not a JSON object']);
  });

  it('skips a wanted value larger than the limit and says so, holding no more than the limit', () => {
    const scanner = scan(JSON.stringify({ title: 'x'.repeat(5000), id: 'a' }), { wanted: WANTED, maxValueBytes: 1000 });
    expect(scanner.values.has('title')).toBe(false);
    expect(scanner.values.get('id')).toBe('a');
    expect(scanner.problems).toEqual(['"title" is larger than 1000 bytes: skipped']);
    expect(scanner.maxHeldBytes).toBeLessThanOrEqual(1000);
  });

  it('agrees with JSON.parse on arbitrary objects and chunkings (fuzz)', () => {
    const key = fc.oneof(fc.constantFrom(...WANTED, 'messages', 'other'), fc.string({ maxLength: 6 }));
    const arbitraryDoc = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }).chain((obj) => {
      const text = JSON.stringify(obj, null, obj && Object.keys(obj).length % 2 === 0 ? 1 : undefined);
      const length = Buffer.byteLength(text);
      return fc.record({
        text: fc.constant(text),
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 12 }).map((c) => c.filter((x) => x < length).sort((a, b) => a - b)),
      });
    });
    fc.assert(
      fc.property(arbitraryDoc, ({ text, cuts }) => {
        // The oracle is JSON.parse of the same text (JSON has no -0, for one).
        const expected = new Map(Object.entries(JSON.parse(text) as object).filter(([k]) => WANTED.includes(k)));
        const scanner = scan(text, { wanted: WANTED }, cuts);
        expect(Object.fromEntries(scanner.values)).toEqual(Object.fromEntries(expected));
        expect(scanner.status).toBe(expected.size === WANTED.length ? 'complete' : 'end');
      }),
      { numRuns: 1500 },
    );
  });
});
