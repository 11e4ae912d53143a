/** The default longest line: far beyond any real event, small enough to hold in memory. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * One complete line. `endOffset` is the byte offset just past its newline, so a
 * reader that has dealt with the line may resume from there.
 */
export type SplitLine =
  | { kind: 'text'; lineNumber: number; text: string; endOffset: number }
  | { kind: 'too-long'; lineNumber: number; byteLength: number; endOffset: number };

export interface LineSplitterOptions {
  /** Longest line content in bytes (without its `\n` / `\r\n`); default 1 MiB. */
  maxLineBytes?: number;
  /** Byte offset of the first byte pushed (when resuming a file part-way). */
  startOffset?: number;
  /** Lines already complete before `startOffset`, so numbering continues. */
  startLineCount?: number;
}

/**
 * Splits a byte stream into lines. It works on bytes, not text: `\n` never occurs
 * inside a UTF-8 multi-byte sequence, so cutting at it is always safe, and a line
 * is decoded only once it is whole — a character split across chunks cannot be
 * mangled. Blank lines are numbered but not yielded. An over-long line is
 * dropped as it streams past (memory stays near `maxLineBytes`) and reported once
 * its newline arrives.
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of the current line thrown away since it passed the limit (-1: not discarding). */
  private discardedBytes = -1;
  /** Whether the last byte thrown away was `\r` (it may turn out to be half of `\r\n`). */
  private discardedEndsInCR = false;
  private pushedOffset: number;
  private completeEnd: number;
  private completeCount: number;

  constructor(options: LineSplitterOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.pushedOffset = options.startOffset ?? 0;
    this.completeEnd = this.pushedOffset;
    this.completeCount = options.startLineCount ?? 0;
  }

  /** Offset just past every byte pushed so far: where the next read continues. */
  get readOffset(): number {
    return this.pushedOffset;
  }

  /** Offset just past the last complete line (blank ones included): the start of the partial line. */
  get completeOffset(): number {
    return this.completeEnd;
  }

  /** Complete lines so far, blank ones included (the last line number handed out). */
  get completeLines(): number {
    return this.completeCount;
  }

  /** Bytes of an unfinished last line waiting for its newline. */
  get partialBytes(): number {
    return this.discardedBytes >= 0 ? this.discardedBytes : this.pendingBytes;
  }

  /** Feeds the next chunk; returns the lines it completed. The chunk may be reused by the caller afterwards. */
  push(chunk: Uint8Array): SplitLine[] {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const lines: SplitLine[] = [];
    let start = 0;
    for (let newline = bytes.indexOf(NEWLINE, start); newline !== -1; newline = bytes.indexOf(NEWLINE, start)) {
      const endOffset = this.pushedOffset + newline + 1;
      const line = this.completeLine(bytes.subarray(start, newline), endOffset);
      if (line) lines.push(line);
      start = newline + 1;
    }
    this.keepPartial(bytes.subarray(start));
    this.pushedOffset += bytes.length;
    return lines;
  }

  /** The stream is over: an unterminated last line counts as a line. */
  end(): SplitLine[] {
    if (this.partialBytes === 0) return [];
    const line = this.completeLine(Buffer.alloc(0), this.pushedOffset);
    return line ? [line] : [];
  }

  private completeLine(tail: Buffer, endOffset: number): SplitLine | null {
    const lineNumber = ++this.completeCount;
    this.completeEnd = endOffset;
    if (this.discardedBytes >= 0) {
      const endsInCR = tail.length > 0 ? tail[tail.length - 1] === CARRIAGE_RETURN : this.discardedEndsInCR;
      const byteLength = this.discardedBytes + tail.length - (endsInCR ? 1 : 0);
      this.discardedBytes = -1;
      return { kind: 'too-long', lineNumber, byteLength, endOffset };
    }
    let bytes = tail;
    if (this.pending.length > 0) {
      bytes = Buffer.concat([...this.pending, tail], this.pendingBytes + tail.length);
      this.pending = [];
      this.pendingBytes = 0;
    }
    const contentLength = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
    if (contentLength > this.maxLineBytes) return { kind: 'too-long', lineNumber, byteLength: contentLength, endOffset };
    let text = bytes.toString('utf8', 0, contentLength);
    // Editors on Windows start files with a BOM; JSON.parse would refuse it.
    if (lineNumber === 1 && text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    if (text.trim() === '') return null;
    return { kind: 'text', lineNumber, text, endOffset };
  }

  private keepPartial(rest: Buffer): void {
    if (rest.length === 0) return;
    if (this.discardedBytes >= 0) {
      this.discardedBytes += rest.length;
      this.discardedEndsInCR = rest[rest.length - 1] === CARRIAGE_RETURN;
      return;
    }
    // Copied: the caller may read the next chunk into the same buffer.
    this.pending.push(Buffer.from(rest));
    this.pendingBytes += rest.length;
    // One byte of slack for a `\r` that may turn out to belong to `\r\n`.
    if (this.pendingBytes > this.maxLineBytes + 1) {
      this.discardedBytes = this.pendingBytes;
      this.discardedEndsInCR = rest[rest.length - 1] === CARRIAGE_RETURN;
      this.pending = [];
      this.pendingBytes = 0;
    }
  }
}
