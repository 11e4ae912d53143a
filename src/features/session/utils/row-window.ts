// Where the event log's rows sit, without measuring them. Every collapsed row
// has one height (one line, no wrapping); only the few rows the operator opened
// are taller. So a row's offset is its index times the row height plus the
// extra height of the open rows above it: no per-row bookkeeping, and nothing
// to read from the DOM when rows arrive, leave or shift.

/** Rows of one height, some taller: what a list of `count` rows measures. */
export interface RowLayout {
  count: number;
  rowHeight: number;
  /** The taller rows, ascending index, each with its own height. */
  tall: readonly TallRow[];
  /** The whole list's height. */
  total: number;
}

export interface TallRow {
  index: number;
  height: number;
}

/** `tall` in any order; rows outside the list or not taller than `rowHeight` are ignored. */
export function rowLayout(count: number, rowHeight: number, tall: readonly TallRow[] = []): RowLayout {
  const kept = tall.filter((row) => row.index >= 0 && row.index < count && row.height > rowHeight).sort((a, b) => a.index - b.index);
  let total = count * rowHeight;
  for (const row of kept) total += row.height - rowHeight;
  return { count, rowHeight, tall: kept, total };
}

/** Top of row `index`. */
export function rowOffset(layout: RowLayout, index: number): number {
  let offset = index * layout.rowHeight;
  for (const row of layout.tall) {
    if (row.index >= index) break;
    offset += row.height - layout.rowHeight;
  }
  return offset;
}

/** Height of row `index`. */
export function rowSize(layout: RowLayout, index: number): number {
  for (const row of layout.tall) if (row.index === index) return row.height;
  return layout.rowHeight;
}

/** The row that covers `offset` (clamped to the list; 0 for an empty list). */
export function rowAtOffset(layout: RowLayout, offset: number): number {
  if (layout.count === 0) return 0;
  const { rowHeight } = layout;
  let extraAbove = 0;
  for (const row of layout.tall) {
    const start = row.index * rowHeight + extraAbove;
    if (offset < start) break;
    if (offset < start + row.height) return row.index;
    extraAbove += row.height - rowHeight;
  }
  const index = Math.floor((offset - extraAbove) / rowHeight);
  return Math.min(layout.count - 1, Math.max(0, index));
}

/** Rows to draw for a view of `height` px from `top`, with `overscan` rows either side: [start, end). */
export function rowRange(layout: RowLayout, top: number, height: number, overscan: number): { start: number; end: number } {
  if (layout.count === 0) return { start: 0, end: 0 };
  const first = rowAtOffset(layout, top);
  const last = rowAtOffset(layout, top + Math.max(0, height - 1));
  return { start: Math.max(0, first - overscan), end: Math.min(layout.count, last + 1 + overscan) };
}

/** Index of the first row whose seq is >= `seq` (rows ascend by seq). */
export function lowerBoundSeq(rows: readonly { seq: number }[], seq: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (rows[mid]!.seq < seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the row of `seq`, or -1 (rows ascend by seq). */
export function indexOfSeq(rows: readonly { seq: number }[], seq: number): number {
  const index = lowerBoundSeq(rows, seq);
  return rows[index]?.seq === seq ? index : -1;
}

/**
 * Where a reader's view stands: a row (by seq, which survives rows arriving,
 * leaving or being read in above it) and how far below its top the view starts.
 */
export interface ViewAnchor {
  seq: number;
  delta: number;
}

export function anchorAt(layout: RowLayout, rows: readonly { seq: number }[], top: number): ViewAnchor | null {
  if (rows.length === 0) return null;
  const index = rowAtOffset(layout, top);
  return { seq: rows[index]!.seq, delta: top - rowOffset(layout, index) };
}

/**
 * The view's top for `anchor` in (possibly changed) rows: the same row at the
 * same distance; when that row has gone, the row after it, at its top.
 */
export function anchoredTop(layout: RowLayout, rows: readonly { seq: number }[], anchor: ViewAnchor, viewHeight: number): number {
  const index = lowerBoundSeq(rows, anchor.seq);
  const delta = rows[index]?.seq === anchor.seq ? anchor.delta : 0;
  const top = index >= rows.length ? layout.total : rowOffset(layout, index) + delta;
  return Math.min(Math.max(0, layout.total - viewHeight), Math.max(0, top));
}
