const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
/** Bytes of a UTF-8 byte-order mark, allowed before the object. */
const isBomByte = (b: number) => b === 0xef || b === 0xbb || b === 0xbf;

export interface TopLevelScanOptions {
  /** Top-level keys whose values are wanted. Each is collected (at most `maxValueBytes`) and parsed. */
  wanted: readonly string[];
  /** Finish when this key is reached, without reading its value (e.g. `messages`). */
  stopAtKey?: string;
  /** Largest wanted value kept; a bigger one is skipped and reported. Default 1 MiB. */
  maxValueBytes?: number;
}

/**
 * - `complete`: every wanted key was found; `stopped`: the stop key was reached;
 * - `end`: the object closed; `truncated`: the input ended inside the object;
 * - `error`: the input is not a JSON object (see `error`).
 */
export type ScanStatus = 'scanning' | 'complete' | 'stopped' | 'end' | 'truncated' | 'error';

type State = 'start' | 'before-key' | 'key' | 'after-key' | 'before-value' | 'value' | 'after-value';

const MAX_KEY_BYTES = 4096;

/**
 * Reads the top-level keys of one big JSON object fed in chunks, and keeps only
 * the values asked for. Every other value, however large (a session's
 * `messages`), is skipped byte by byte without being decoded or held: it only
 * tracks nesting depth and whether it is inside a string. Memory stays at one
 * chunk plus the wanted values, and it stops as soon as it has what it needs.
 * It trusts the input to be JSON: it finds value boundaries, it does not validate.
 */
export class TopLevelJsonScanner {
  readonly values = new Map<string, unknown>();
  /** Wanted values that could not be kept (too large, not parsable). */
  readonly problems: string[] = [];
  status: ScanStatus = 'scanning';
  error: string | null = null;
  /** Bytes consumed until the scan finished (or so far). */
  bytesScanned = 0;
  /** The most bytes held at once for keys and wanted values. */
  maxHeldBytes = 0;

  private readonly wanted: ReadonlySet<string>;
  private readonly maxValueBytes: number;
  private state: State = 'start';
  private key = '';
  /** Bytes of the key or of the wanted value being read; null while skipping. */
  private held: Buffer[] | null = null;
  private heldBytes = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A number or literal at the top of the value: it ends at the next delimiter. */
  private scalar = false;
  private nextBackslash = -1;

  constructor(private readonly options: TopLevelScanOptions) {
    this.wanted = new Set(options.wanted);
    this.maxValueBytes = options.maxValueBytes ?? 1024 * 1024;
  }

  get finished(): boolean {
    return this.status !== 'scanning';
  }

  /** Feeds the next chunk; true once the scan is finished (more input is not needed). */
  push(chunk: Buffer): boolean {
    if (this.finished) return true;
    this.nextBackslash = -1;
    let i = 0;
    while (i < chunk.length && !this.finished) {
      i = this.state === 'key' || this.state === 'value' ? this.scanToken(chunk, i) : this.structural(chunk, i);
    }
    this.bytesScanned += i;
    return this.finished;
  }

  /** The input is over. */
  end(): void {
    if (this.finished) return;
    // A number ending the input is complete; anything else open was cut off.
    if (this.state === 'value' && this.scalar && this.depth === 0) this.endValue();
    if (!this.finished) this.status = 'truncated';
  }

  /** Whitespace and the punctuation between keys and values; returns the next index. */
  private structural(chunk: Buffer, i: number): number {
    const b = chunk[i]!;
    if (isSpace(b)) return i + 1;
    switch (this.state) {
      case 'start':
        if (isBomByte(b)) return i + 1;
        if (b === OPEN_BRACE) this.state = 'before-key';
        else this.fail('not a JSON object');
        return i + 1;
      case 'before-key':
      case 'after-value':
        if (b === CLOSE_BRACE) this.status = 'end';
        else if (b === COMMA) this.state = 'before-key';
        else if (b === QUOTE && this.state === 'before-key') this.startToken('key', []);
        else this.fail(`unexpected ${JSON.stringify(String.fromCharCode(b))} between members`);
        return i + 1;
      case 'after-key':
        if (b === COLON) this.state = 'before-value';
        else this.fail(`expected ":" after "${this.key}"`);
        return i + 1;
      default: {
        // before-value: this byte starts the value; it is scanned, not consumed here.
        const keep = this.wanted.has(this.key) && !this.values.has(this.key);
        this.startToken('value', keep ? [] : null);
        return i;
      }
    }
  }

  private startToken(state: 'key' | 'value', held: Buffer[] | null): void {
    this.state = state;
    this.held = held;
    this.heldBytes = 0;
    this.depth = 0;
    this.inString = state === 'key';
    this.escaped = false;
    this.scalar = false;
  }

  /** Inside a key or a value: runs to its end or the end of the chunk; returns the next index. */
  private scanToken(chunk: Buffer, from: number): number {
    let i = from;
    let endAt = -1;
    while (i < chunk.length) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        // Strings are most of the bytes: jump to the next quote or backslash instead of stepping.
        const quote = chunk.indexOf(QUOTE, i);
        if (this.nextBackslash !== -2 && this.nextBackslash < i) this.nextBackslash = chunk.indexOf(BACKSLASH, i);
        if (this.nextBackslash === -1) this.nextBackslash = -2;
        const backslash = this.nextBackslash < 0 ? -1 : this.nextBackslash;
        if (backslash !== -1 && (quote === -1 || backslash < quote)) {
          this.escaped = true;
          i = backslash + 1;
          continue;
        }
        if (quote === -1) {
          i = chunk.length;
          break;
        }
        i = quote + 1;
        this.inString = false;
        if (this.depth === 0) {
          endAt = i;
          break;
        }
        continue;
      }
      const b = chunk[i]!;
      if (this.scalar) {
        if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || isSpace(b)) {
          endAt = i;
          break;
        }
      } else if (b === QUOTE) this.inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) this.depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth <= 0) {
          endAt = i + 1;
          break;
        }
      } else if (this.depth === 0 && !isSpace(b)) this.scalar = true;
      i++;
    }
    const end = endAt === -1 ? i : endAt;
    this.hold(chunk, from, this.state === 'key' && endAt !== -1 ? end - 1 : end);
    if (endAt !== -1) {
      if (this.state === 'key') this.endKey();
      else this.endValue();
    }
    return end;
  }

  private hold(chunk: Buffer, from: number, to: number): void {
    if (this.held === null || to <= from) return;
    const limit = this.state === 'key' ? MAX_KEY_BYTES : this.maxValueBytes;
    if (this.heldBytes + (to - from) > limit) {
      if (this.state === 'value') this.problems.push(`"${this.key}" is larger than ${limit} bytes: skipped`);
      this.held = null;
      this.heldBytes = 0;
      return;
    }
    // Copied: the caller reuses its read buffer for the next chunk.
    this.held.push(Buffer.from(chunk.subarray(from, to)));
    this.heldBytes += to - from;
    this.maxHeldBytes = Math.max(this.maxHeldBytes, this.heldBytes);
  }

  private heldText(): string | null {
    return this.held === null ? null : Buffer.concat(this.held, this.heldBytes).toString('utf8');
  }

  private endKey(): void {
    const raw = this.heldText();
    let key = '';
    try {
      key = raw === null ? '' : (JSON.parse(`"${raw}"`) as string);
    } catch {
      key = '';
    }
    this.key = key;
    this.held = null;
    this.state = 'after-key';
    if (this.options.stopAtKey !== undefined && key === this.options.stopAtKey) this.status = 'stopped';
  }

  private endValue(): void {
    const raw = this.heldText();
    this.held = null;
    this.state = 'after-value';
    if (raw === null) return;
    try {
      this.values.set(this.key, JSON.parse(raw) as unknown);
    } catch (err) {
      this.problems.push(`"${this.key}" is not valid JSON: ${(err as Error).message}`);
    }
    if (this.values.size === this.wanted.size) this.status = 'complete';
  }

  private fail(message: string): void {
    this.status = 'error';
    this.error = message;
  }
}
