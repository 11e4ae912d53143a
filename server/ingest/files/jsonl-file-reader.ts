import fs from 'node:fs/promises';
import { parseJsonlLine, type JsonlLine } from './jsonl-line';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter } from './line-splitter';

export interface JsonlChunk {
  /** The non-blank lines this chunk completed, parsed. */
  lines: JsonlLine[];
  /** Bytes of the file read in this chunk. */
  bytes: number;
  /** Lines so far, blank ones included: the last line number handed out. */
  lineCount: number;
}

export interface ReadJsonlOptions {
  chunkBytes?: number;
  maxLineBytes?: number;
}

/**
 * Reads a finished JSONL file from start to end, one chunk at a time (never the
 * whole file), yielding the parsed lines each chunk completed. An unterminated
 * last line counts: the file is not going to grow.
 */
export async function* readJsonlFile(filePath: string, options: ReadJsonlOptions = {}): AsyncGenerator<JsonlChunk> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const buffer = Buffer.allocUnsafe(options.chunkBytes ?? 256 * 1024);
  const splitter = new LineSplitter({ maxLineBytes });
  const parse = (lines: ReturnType<LineSplitter['push']>) => lines.map((line) => parseJsonlLine(line, maxLineBytes));
  const handle = await fs.open(filePath, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, splitter.readOffset);
      if (bytesRead === 0) break;
      // Parsed before yielding: the consumer may take its time while the buffer is reused next round.
      yield { lines: parse(splitter.push(buffer.subarray(0, bytesRead))), bytes: bytesRead, lineCount: splitter.completeLines };
    }
    const last = splitter.end();
    if (last.length > 0) yield { lines: parse(last), bytes: 0, lineCount: splitter.completeLines };
  } finally {
    await handle.close();
  }
}
