/**
 * Protocol events one source line may become, at most. A line's events take
 * `base + k` (k = 0, 1, ...) where `base` is a multiple of this, so every event
 * gets its own seq, the seqs of later lines are higher, and the unused slots
 * leave room for a session_sync between two lines (see session-sync-sender.ts).
 */
export const SEQ_SLOTS_PER_LINE = 16;

/**
 * The slot of an approval's decision, in the line of its request: the decision
 * is read from another file (`approvals.jsonl`, which names no session), so its
 * seq is tied to the request's line, the same on every reading. A request line
 * maps to at most one event, so slots 1-13 stay free; slot 15 stays free for a
 * session_sync that comes after the decision.
 */
export const APPROVAL_DECISION_SLOT = SEQ_SLOTS_PER_LINE - 2;

/** The `k`-th event of the line whose seqs start at `base`. */
export function slotSeq(base: number, k: number): number {
  if (k < 0 || k >= SEQ_SLOTS_PER_LINE) throw new RangeError(`slot ${k} out of range`);
  return base + k;
}

/** The first seq of the line an event's seq belongs to. */
export function lineBaseOf(seq: number): number {
  return seq - (seq % SEQ_SLOTS_PER_LINE);
}

/** The first seq of a thread-log line: its 1-based line number, which a re-read of the append-only file gives again. */
export function lineSeqBase(lineNumber: number): number {
  return lineNumber * SEQ_SLOTS_PER_LINE;
}
