// Deterministic identity for events made from OTLP records (docs/otlp-mapping.md,
// "Identity"). Exporters retry whole requests, so the same record must give the same
// `(session_id, seq)` every time it arrives, and seqs must grow with time so the
// session's "latest" fields follow the newest event.
//
//   seq = ms * 2048 + bucket * 8 + index
//
// ms: the event's time in Unix milliseconds. bucket (0-255): where the record sits
// inside its millisecond (see `recordBucket`). index (0-7): the n-th event made from
// the record; index 7 is kept for the session_sync the mapper adds for a new session.
// ms * 2048 + 2047 stays below Number.MAX_SAFE_INTEGER until the year 2109.

export const SLOTS_PER_MS = 2048;
export const BUCKETS_PER_MS = 256;
export const EVENTS_PER_RECORD = 8;
/** The index of the session_sync made for a session the mapper has not seen yet. */
export const SESSION_SYNC_INDEX = EVENTS_PER_RECORD - 1;
/** The largest index an ordinary event of one record may use. */
export const LAST_EVENT_INDEX = SESSION_SYNC_INDEX - 1;
/** The latest millisecond whose slots all fit below Number.MAX_SAFE_INTEGER. */
export const MAX_SEQ_MS = Math.floor((Number.MAX_SAFE_INTEGER - (SLOTS_PER_MS - 1)) / SLOTS_PER_MS);

/** A record time split into whole milliseconds and the nanoseconds inside that millisecond. */
export interface RecordTime {
  ms: number;
  subMsNanos: number;
}

/**
 * Parses an OTLP `time_unix_nano` (decimal string); null when unset ('0'), malformed or
 * out of range. Split as text (milliseconds and the six digits below them), which is
 * exact and, on the hot path of every record, much cheaper than BigInt arithmetic.
 */
export function parseUnixNano(text: string): RecordTime | null {
  if (text.length > 25 || !/^\d+$/.test(text)) return null;
  const split = text.length - 6;
  const ms = split > 0 ? Number(text.slice(0, split)) : 0;
  if (ms < 1 || ms > MAX_SEQ_MS) return null;
  return { ms, subMsNanos: Number(text.slice(split)) };
}

/** An ISO 8601 `event.timestamp` attribute (Claude Code, Gemini CLI, Codex) as a record time; null when unusable. */
export function parseIsoTime(text: string | undefined): RecordTime | null {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || ms < 1 || ms > MAX_SEQ_MS) return null;
  return { ms, subMsNanos: 0 };
}

/** 32-bit FNV-1a over a string: a stable, dependency-free hash for discriminators. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Where a record sits inside its millisecond, 0-255:
 * - a timestamp with sub-millisecond precision (Rust, Python and most span times):
 *   the position inside the millisecond in steps of 3.9 µs, so order inside a millisecond is kept;
 * - else a per-session counter (Claude Code's `event.sequence`): its value mod 256,
 *   so up to 256 consecutive events in one millisecond stay apart and in order;
 * - else a hash of a stable discriminator (span id, event name, attributes).
 */
export function recordBucket(time: RecordTime, sequence: number | undefined, discriminator: string): number {
  if (time.subMsNanos > 0) return Math.floor((time.subMsNanos * BUCKETS_PER_MS) / 1_000_000);
  if (sequence !== undefined && Number.isSafeInteger(sequence) && sequence >= 0) return sequence % BUCKETS_PER_MS;
  return fnv1a(discriminator) % BUCKETS_PER_MS;
}

/** The seq of the `index`-th event made from a record at `ms` in `bucket`. */
export function eventSeq(ms: number, bucket: number, index: number): number {
  return ms * SLOTS_PER_MS + bucket * EVENTS_PER_RECORD + index;
}
