// React keys for the event log's drawn rows. By seq, a row keeps its DOM for
// as long as it is drawn. While the log follows a fast stream, though, every
// drawn row scrolls out within a frame or two: keyed by seq, each frame would
// remove every row's DOM and build it again. Keyed by seq modulo the number of
// rows drawn, a row that scrolls out hands its DOM to the one that scrolls in
// (its text is rewritten, nothing is built), and a row that stays keeps its
// key all the same. That holds only while the drawn rows are consecutive seqs
// (the unfiltered log); otherwise two rows could share a key, so seqs are used.

export type RowKey = string | number;

/** Keys for `rows[start..end)` (rows ascend by seq): `recycle` when the view follows the stream. */
export function rowKeys(rows: readonly { seq: number }[], start: number, end: number, recycle: boolean): RowKey[] {
  const keys: RowKey[] = [];
  const count = end - start;
  const consecutive = count > 0 && rows[end - 1]!.seq - rows[start]!.seq === count - 1;
  for (let index = start; index < end; index++) {
    const seq = rows[index]!.seq;
    keys.push(recycle && consecutive ? `slot-${seq % count}` : seq);
  }
  return keys;
}
