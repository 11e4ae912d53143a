/** One stored row as the audit reads it back from the database, in cursor order. */
export interface StoredRow {
  session_id: string;
  seq: number;
  cursor: number;
}

export interface DeliveryAudit {
  /** Rows of the audited sessions in the store. */
  stored: number;
  /** Acknowledged stored events missing from the store: must be 0. */
  lost: number;
  /** Stored events sent, never acknowledged, and missing (the producer gave up on them): must be 0 once it flushed. */
  undelivered: number;
  /** Rows beyond the first for one (session_id, seq): must be 0. */
  duplicates: number;
  /** Rows whose seq is not above the previous row of the same session (cursor order): must be 0. */
  outOfOrder: number;
  /** Up to five of the problems, for the failure message. */
  examples: string[];
}

const keyOf = (sessionId: string, seq: number) => `${sessionId}#${seq}`;

/**
 * Checks what a crash run promises, from what the producers sent and were told
 * and what the store holds: every acknowledged event stored, exactly once, each
 * session's events in seq order. `rows` must be in cursor order.
 */
export function auditDelivery(input: { sent: ReadonlySet<string>; acked: ReadonlySet<string>; rows: readonly StoredRow[] }): DeliveryAudit {
  const audit: DeliveryAudit = { stored: input.rows.length, lost: 0, undelivered: 0, duplicates: 0, outOfOrder: 0, examples: [] };
  const note = (what: string) => {
    if (audit.examples.length < 5) audit.examples.push(what);
  };
  const present = new Set<string>();
  const lastSeq = new Map<string, number>();
  for (const row of input.rows) {
    const key = keyOf(row.session_id, row.seq);
    if (present.has(key)) {
      audit.duplicates++;
      note(`duplicate ${key} at cursor ${row.cursor}`);
    }
    present.add(key);
    const previous = lastSeq.get(row.session_id);
    if (previous !== undefined && row.seq <= previous) {
      audit.outOfOrder++;
      note(`${key} at cursor ${row.cursor} after seq ${previous}`);
    }
    lastSeq.set(row.session_id, Math.max(previous ?? 0, row.seq));
  }
  for (const key of input.acked) {
    if (!present.has(key)) {
      audit.lost++;
      note(`acknowledged ${key} is missing`);
    }
  }
  for (const key of input.sent) {
    if (!present.has(key) && !input.acked.has(key)) {
      audit.undelivered++;
      note(`sent ${key} never arrived`);
    }
  }
  return audit;
}

export { keyOf as deliveryKey };
