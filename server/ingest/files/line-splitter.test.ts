import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from './line-splitter';

const bytes = (text: string) => Buffer.from(text, 'utf8');

function feed(splitter: LineSplitter, chunks: readonly Uint8Array[]): SplitLine[] {
  return chunks.flatMap((chunk) => splitter.push(chunk));
}

const texts = (lines: SplitLine[]) => lines.map((l) => (l.kind === 'text' ? [l.lineNumber, l.text] : [l.lineNumber, `too-long:${l.byteLength}`]));

describe('LineSplitter', () => {
  it('keeps a partial last line until its newline arrives', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(bytes('{"a":1}\n{"b":'))).toEqual([{ kind: 'text', lineNumber: 1, text: '{"a":1}', endOffset: 8 }]);
    expect(splitter.completeOffset).toBe(8);
    expect(splitter.partialBytes).toBe(5);
    expect(splitter.push(bytes('2'))).toEqual([]);
    expect(splitter.push(bytes('}\n'))).toEqual([{ kind: 'text', lineNumber: 2, text: '{"b":2}', endOffset: 16 }]);
    expect(splitter.partialBytes).toBe(0);
  });

  it('strips \\r\\n, even when the \\r and the \\n arrive in different chunks', () => {
    const splitter = new LineSplitter();
    const lines = feed(splitter, [bytes('one\r\ntwo\r'), bytes('\nthree\r\n')]);
    expect(texts(lines)).toEqual([[1, 'one'], [2, 'two'], [3, 'three']]);
    expect(lines.at(-1)!.endOffset).toBe(17);
  });

  it('decodes a UTF-8 character split across chunks intact', () => {
    const whole = bytes('{"t":"héllo — 😀"}\n');
    const emoji = whole.indexOf(0xf0);
    for (const cut of [emoji + 1, emoji + 2, emoji + 3, whole.indexOf(0xc3) + 1]) {
      const lines = feed(new LineSplitter(), [whole.subarray(0, cut), whole.subarray(cut)]);
      expect(texts(lines)).toEqual([[1, '{"t":"héllo — 😀"}']]);
    }
  });

  it('skips blank lines but counts them in the numbering', () => {
    const splitter = new LineSplitter();
    const lines = splitter.push(bytes('\na\n\r\n   \nb\n\n'));
    expect(texts(lines)).toEqual([[2, 'a'], [5, 'b']]);
    expect(splitter.completeLines).toBe(6);
    expect(splitter.completeOffset).toBe(12);
  });

  it('reports an over-long line with its number and drops it without buffering it', () => {
    const splitter = new LineSplitter({ maxLineBytes: 10 });
    const lines = [...splitter.push(bytes('short\n')), ...splitter.push(bytes('x'.repeat(8)))];
    for (let i = 0; i < 100; i++) {
      lines.push(...splitter.push(bytes('y'.repeat(1000))));
      // Never more than the limit (plus a byte for a possible \r) held.
      expect(splitter.partialBytes).toBe(8 + (i + 1) * 1000);
    }
    lines.push(...splitter.push(bytes('\r\nafter\n')));
    expect(texts(lines)).toEqual([[1, 'short'], [2, 'too-long:100008'], [3, 'after']]);
    expect(lines[1]!.endOffset).toBe(6 + 100_008 + 2);
  });

  it('holds at most the limit while discarding', () => {
    const splitter = new LineSplitter({ maxLineBytes: 10 });
    splitter.push(bytes('z'.repeat(50)));
    // The count keeps growing, but the bytes are gone.
    expect((splitter as unknown as { pending: Buffer[] }).pending).toEqual([]);
  });

  it('accepts a line exactly at the limit, \\r\\n or not', () => {
    const lines = feed(new LineSplitter({ maxLineBytes: 3 }), [bytes('abc'), bytes('\r'), bytes('\nabc\nabcd\n')]);
    expect(texts(lines)).toEqual([[1, 'abc'], [2, 'abc'], [3, 'too-long:4']]);
  });

  it('end() yields an unterminated last line, and nothing when there is none', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(bytes('a\nlast'))).toHaveLength(1);
    expect(texts(splitter.end())).toEqual([[2, 'last']]);
    expect(splitter.end()).toEqual([]);
  });

  it('continues numbering and offsets from where a previous reader stopped', () => {
    const splitter = new LineSplitter({ startOffset: 100, startLineCount: 7 });
    expect(splitter.push(bytes('x\n'))).toEqual([{ kind: 'text', lineNumber: 8, text: 'x', endOffset: 102 }]);
    expect(splitter.readOffset).toBe(102);
  });

  it('drops a byte-order mark at the start of the first line only', () => {
    const lines = new LineSplitter().push(bytes('\uFEFF{"a":1}\n\uFEFFx\n'));
    expect(texts(lines)).toEqual([[1, '{"a":1}'], [2, '\uFEFFx']]);
  });

  it('does not keep a reference to the chunk it was given', () => {
    const splitter = new LineSplitter();
    const shared = Buffer.alloc(4);
    shared.write('ab');
    splitter.push(shared.subarray(0, 2));
    shared.write('zz');
    expect(texts(splitter.push(bytes('c\n')))).toEqual([[1, 'abc']]);
  });
});
