// Where the context-window chart puts its time axis and its words. Pure, so
// the rules (one sample still reads as a point in time; no label leaves the
// plot) are tested without a browser; context-window-plot.tsx draws them.

/** Either side of a lone instant: one sample sits mid-axis with a minute of context, not on a zero-width axis. */
export const LONE_INSTANT_PAD_MS = 60_000;

/** The X domain: the first to the last point or marker; a single instant padded either side. */
export function contextTimeDomain(times: readonly number[]): [number, number] {
  if (times.length === 0) return [0, 1];
  let first = Infinity;
  let last = -Infinity;
  for (const t of times) {
    first = Math.min(first, t);
    last = Math.max(last, t);
  }
  return first === last ? [first - LONE_INSTANT_PAD_MS, last + LONE_INSTANT_PAD_MS] : [first, last];
}

/** The plot area of the chart, in SVG pixels (recharts' usePlotArea). */
export interface PlotBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Chart label text is 11 px (context-window.css); this many px per character errs wide, so an estimate never lets a label out. */
const CHAR_WIDTH_PX = 7;

/** A label's width in px, estimated from its length (measuring would mean a second render). */
export function estimateLabelWidth(text: string): number {
  return text.length * CHAR_WIDTH_PX;
}

export interface LabelPlacement {
  x: number;
  textAnchor: 'start' | 'middle' | 'end';
}

/**
 * Where a label of `width` px goes beside a vertical line at `lineX`: on the
 * side it was asked for (`prefer`) when it fits there, else on the other,
 * else pushed along so it stays whole inside the plot.
 */
export function placeBesideLine(lineX: number, width: number, plot: Pick<PlotBox, 'x' | 'width'>, prefer: 'left' | 'right' = 'left', gap = 4): LabelPlacement {
  const left = plot.x;
  const right = plot.x + plot.width;
  for (const side of prefer === 'left' ? (['left', 'right'] as const) : (['right', 'left'] as const)) {
    if (side === 'left' && lineX - gap - width >= left) return { x: lineX - gap, textAnchor: 'end' };
    if (side === 'right' && lineX + gap + width <= right) return { x: lineX + gap, textAnchor: 'start' };
  }
  // Fits on neither side: whole inside the plot, as close to the line as it can be.
  return { x: Math.max(left, Math.min(lineX - width / 2, right - width)), textAnchor: 'start' };
}

/** Where a label of `width` px goes centred on `pointX` (a lone sample's value), kept whole inside the plot. */
export function placeCentred(pointX: number, width: number, plot: Pick<PlotBox, 'x' | 'width'>): LabelPlacement {
  const left = plot.x + width / 2;
  const right = plot.x + plot.width - width / 2;
  return { x: left > right ? plot.x + plot.width / 2 : Math.max(left, Math.min(pointX, right)), textAnchor: 'middle' };
}

/** A text baseline `offset` px above `pointY`, or below it when above would leave the plot's top (`fontPx` tall text). */
export function baselineNear(pointY: number, plot: Pick<PlotBox, 'y' | 'height'>, fontPx = 11, offset = 8): number {
  const above = pointY - offset;
  if (above - fontPx >= plot.y) return above;
  return Math.min(pointY + offset + fontPx, plot.y + plot.height);
}
