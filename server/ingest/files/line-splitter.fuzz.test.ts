import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from './line-splitter';

const MAX = 24;

/** An independent oracle: split the decoded text with String methods. */
function oracle(text: string): { number: number; text?: string; tooLong?: number }[] {
  const out: { number: number; text?: string; tooLong?: number }[] = [];
  const parts = text.split('\n');
  // A final part after the last \n is an unterminated line (kept by end()); an empty one is nothing.
  if (parts.at(-1) === '') parts.pop();
  parts.forEach((raw, i) => {
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const length = Buffer.byteLength(content);
    if (length > MAX) out.push({ number: i + 1, tooLong: length });
    else if (content.trim() !== '') out.push({ number: i + 1, text: i === 0 ? content.replace(/^\uFEFF/, '') : content });
  });
  return out;
}

const simplify = (lines: SplitLine[]) =>
  lines.map((l) => (l.kind === 'text' ? { number: l.lineNumber, text: l.text } : { number: l.lineNumber, tooLong: l.byteLength }));

/** Text made of awkward pieces: multi-byte characters, \r, blanks, long runs. */
const awkwardText = fc
  .array(
    fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r', ' ', '{"a":1}', 'é', '😀', '—', '\uFEFF', 'x'.repeat(30)),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    ),
    { maxLength: 60 },
  )
  .map((pieces) => pieces.join(''));

/** Cut points for a byte length: sorted distinct positions. */
const chunked = awkwardText.chain((text) => {
  const data = Buffer.from(text, 'utf8');
  return fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, data.length - 1) }), { maxLength: 20 })
    .map((cuts) => ({ text, data, cuts: cuts.filter((c) => c < data.length).sort((a, b) => a - b) }));
});

describe('LineSplitter fuzz', () => {
  it('gives the same lines for any chunk boundaries as for one chunk, and as the oracle', () => {
    fc.assert(
      fc.property(chunked, ({ text, data, cuts }) => {
        const once = new LineSplitter({ maxLineBytes: MAX });
        const whole = [...once.push(data), ...once.end()];

        const streamed = new LineSplitter({ maxLineBytes: MAX });
        const pieces: SplitLine[] = [];
        let start = 0;
        for (const cut of [...cuts, data.length]) {
          pieces.push(...streamed.push(data.subarray(start, cut)));
          start = cut;
          // Bounded: never more than the limit plus one byte (a possible \r) held for an unfinished line.
          expect((streamed as unknown as { pendingBytes: number }).pendingBytes).toBeLessThanOrEqual(MAX + 1);
        }
        pieces.push(...streamed.end());

        expect(pieces).toEqual(whole);
        expect(simplify(whole)).toEqual(oracle(text));
        // Offsets are where each line's bytes end: strictly increasing, the last within the data.
        const ends = whole.map((l) => l.endOffset);
        expect([...ends].sort((a, b) => a - b)).toEqual(ends);
        expect(ends.at(-1) ?? 0).toBeLessThanOrEqual(data.length);
      }),
      { numRuns: 3000 },
    );
  });
});
