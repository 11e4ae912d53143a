import fs from 'node:fs/promises';
import type { IngestOutcome } from '../../store/event-store';
import type { IngestItem } from '../ingest-item';
import { LineSplitter, type SplitLine } from './line-splitter';
import { lineEventsOf, parseJsonlLine, transformJsonlLine, type LineEvents, type LineRejection, type LineTransform } from './jsonl-line';

export type SubmitItems = (items: IngestItem[]) => Promise<IngestOutcome[]>;

/** A stretch of a file whose events the store has committed, with the lines refused among them. */
export interface CommittedStretch {
  firstLine: number;
  lastLine: number;
  /** Where the next read of the file resumes. */
  offset: number;
  accepted: number;
  duplicates: number;
  unknownTypes: number;
  rejections: LineRejection[];
}

export type RestartReason = 'truncated' | 'rotated';

export type CatchUpResult =
  | { kind: 'caught-up' }
  /** The per-pass byte budget ran out; there is more to read. */
  | { kind: 'more' }
  | { kind: 'gone' }
  | { kind: 'unreadable'; error: Error }
  | { kind: 'store-unavailable'; error: Error };

export interface FollowedFileOptions {
  /** The path opened, and named in messages. */
  path: string;
  submit: SubmitItems;
  onCommitted: (stretch: CommittedStretch) => void;
  onRestart: (reason: RestartReason) => void;
  maxLineBytes: number;
  maxBatchItems: number;
  /** Bytes read per catch-up at most, so one busy file cannot starve the others. */
  maxBytesPerPass: number;
  /** Reads each line as another format (an adapter) instead of protocol events. */
  transformLine?: LineTransform;
}

type FileIdentity = { dev: bigint; ino: bigint; size: bigint };

/** `dev:ino`; null where the filesystem reports no inode (0), so that only truncation can be noticed. */
function identityOf(stat: FileIdentity): string | null {
  return stat.ino === 0n ? null : `${stat.dev}:${stat.ino}`;
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * One followed JSONL file: where it was read up to, and the catch-up pass. The
 * committed offset only moves past lines whose events the store has committed
 * (or that were refused), so a failed submit is retried from the same place and
 * nothing is lost; re-reading is harmless because the store deduplicates.
 */
export class FollowedFile {
  private committedOffset = 0;
  private committedLines = 0;
  /** `dev:ino` of the file last read: a new one under the same name means it was rotated. */
  private identity: string | null = null;
  /** Kept between passes so a partial last line is not re-read each time; dropped on any failure. */
  private splitter: LineSplitter | null = null;

  constructor(private readonly options: FollowedFileOptions) {}

  get offset(): number {
    return this.committedOffset;
  }

  /**
   * Reads what was appended since the last pass and submits it. `readBuffer` is
   * shared by the caller between files (passes never overlap), so nothing holds a
   * reference to it after the pass.
   */
  async catchUp(readBuffer: Buffer): Promise<CatchUpResult> {
    let handle: fs.FileHandle;
    try {
      // Most polls find nothing new: one stat instead of open, fstat, read and close.
      if (this.isUnchanged(await fs.stat(this.options.path, { bigint: true }))) return { kind: 'caught-up' };
      handle = await fs.open(this.options.path, 'r');
    } catch (err) {
      return isMissing(err) ? { kind: 'gone' } : { kind: 'unreadable', error: err as Error };
    }
    try {
      // fstat of the open handle: the identity and size of the file actually being read.
      this.noticeRestart(await handle.stat({ bigint: true }));
      const splitter = (this.splitter ??= new LineSplitter({
        maxLineBytes: this.options.maxLineBytes,
        startOffset: this.committedOffset,
        startLineCount: this.committedLines,
      }));
      for (let budget = this.options.maxBytesPerPass; budget > 0; ) {
        const { bytesRead } = await handle.read(readBuffer, 0, readBuffer.length, splitter.readOffset);
        if (bytesRead === 0) return { kind: 'caught-up' };
        budget -= bytesRead;
        const lines = splitter.push(readBuffer.subarray(0, bytesRead)).map((line) => this.parse(line));
        const failure = await this.commit(lines);
        if (failure) {
          this.splitter = null;
          return failure;
        }
        // Blank lines after the last event are dealt with too.
        this.committedOffset = splitter.completeOffset;
        this.committedLines = splitter.completeLines;
      }
      return { kind: 'more' };
    } catch (err) {
      this.splitter = null;
      return isMissing(err) ? { kind: 'gone' } : { kind: 'unreadable', error: err as Error };
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  private parse(line: SplitLine): LineEvents {
    const { maxLineBytes, transformLine, path } = this.options;
    return transformLine ? transformJsonlLine(line, maxLineBytes, path, transformLine) : lineEventsOf(parseJsonlLine(line, maxLineBytes));
  }

  private get readUpTo(): number {
    return this.splitter?.readOffset ?? this.committedOffset;
  }

  private isUnchanged(stat: FileIdentity): boolean {
    return this.identity !== null && identityOf(stat) === this.identity && stat.size === BigInt(this.readUpTo);
  }

  private noticeRestart(stat: FileIdentity): void {
    const identity = identityOf(stat);
    let reason: RestartReason | null = null;
    if (this.identity !== null && identity !== null && identity !== this.identity) reason = 'rotated';
    else if (stat.size < BigInt(this.readUpTo)) reason = 'truncated';
    this.identity = identity;
    if (reason === null) return;
    this.committedOffset = 0;
    this.committedLines = 0;
    this.splitter = null;
    this.options.onRestart(reason);
  }

  /** Submits the lines in batches, advancing the committed offset after each; stops at the first refusal. */
  private async commit(lines: LineEvents[]): Promise<CatchUpResult | null> {
    for (let start = 0; start < lines.length; ) {
      const items: IngestItem[] = [];
      const rejections: LineRejection[] = [];
      let end = start;
      for (; end < lines.length && items.length < this.options.maxBatchItems; end++) {
        const line = lines[end]!;
        // A line's events stay in one batch (a transformed line may give several).
        items.push(...line.items);
        if (line.rejection !== null) rejections.push({ lineNumber: line.lineNumber, reason: line.rejection });
      }
      let outcomes: IngestOutcome[] = [];
      try {
        if (items.length > 0) outcomes = await this.options.submit(items);
      } catch (err) {
        return { kind: 'store-unavailable', error: err as Error };
      }
      const last = lines[end - 1]!;
      this.committedOffset = last.endOffset;
      this.committedLines = last.lineNumber;
      this.options.onCommitted(summarise(lines[start]!.lineNumber, last, items, outcomes, rejections));
      start = end;
    }
    return null;
  }
}

function summarise(firstLine: number, last: LineEvents, items: IngestItem[], outcomes: IngestOutcome[], rejections: LineRejection[]): CommittedStretch {
  const stretch: CommittedStretch = { firstLine, lastLine: last.lineNumber, offset: last.endOffset, accepted: 0, duplicates: 0, unknownTypes: 0, rejections };
  outcomes.forEach((outcome, i) => {
    if (outcome.kind === 'duplicate') stretch.duplicates++;
    else {
      stretch.accepted++;
      if (!items[i]!.known) stretch.unknownTypes++;
    }
  });
  return stretch;
}
