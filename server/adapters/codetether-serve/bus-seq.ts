// Events on the bus carry no seq: each envelope's own `timestamp` gives one.
// See docs/codetether-mapping.md, "The live bus (codetether serve)", for why.

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Microseconds since the Unix epoch of an RFC 3339 timestamp (chrono writes up
 * to nanoseconds; digits past the sixth are dropped), or null when it is not one.
 * Stays a safe integer until the year 2255.
 */
export function microsOfTimestamp(timestamp: string): number | null {
  const match = RFC3339.exec(timestamp);
  if (!match) return null;
  const secondsMs = Date.parse(`${match[1]}${match[3]!.toUpperCase()}`);
  if (!Number.isFinite(secondsMs) || secondsMs < 0) return null;
  const micros = Number((match[2] ?? '').slice(0, 6).padEnd(6, '0'));
  return secondsMs * 1000 + micros;
}

/**
 * Per connection, the seq of each task's envelopes: the envelope's microsecond,
 * or one past the task's previous seq on this connection when the clock has not
 * moved on (two envelopes in one microsecond, or a clock stepped back), so seqs
 * stay strictly increasing. Only the current connection is consulted, never the
 * store: an envelope replayed on a new connection gets the seq it had before
 * (its own microsecond), and so is recognised as already stored.
 */
export class BusSeqAssigner {
  private readonly lastByTask = new Map<string, number>();

  /** Tasks remembered at most; the one quiet longest is forgotten first (it has ended). */
  constructor(private readonly maxTasks = 10_000) {}

  seqOf(taskId: string, micros: number): number {
    const previous = this.lastByTask.get(taskId);
    const seq = previous !== undefined && micros <= previous ? previous + 1 : Math.max(1, micros);
    // Re-inserted so the Map's order is least recently used first.
    this.lastByTask.delete(taskId);
    this.lastByTask.set(taskId, seq);
    if (this.lastByTask.size > this.maxTasks) this.lastByTask.delete(this.lastByTask.keys().next().value!);
    return seq;
  }
}
