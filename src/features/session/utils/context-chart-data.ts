import type { CompactionRecord, ContextSeries } from '../../../protocol/api-schemas';
import { compactionReduction } from '../../../protocol/derived';

export interface ContextPoint {
  ts_ms: number;
  request_tokens: number;
  budget: number;
}

export interface ContextMarker {
  ts_ms: number;
  kind: 'compacted' | 'context-lost' | 'failed';
  /** Short words drawn beside the marker. */
  label: string;
  /** Where a dot goes on the token axis (the tokens after it), when the record says. */
  tokens: number | null;
  /** False when an earlier marker's label sits too close: labels drawn on top of each other read as neither. */
  showLabel: boolean;
}

/** Markers closer than this share of the time axis to the last labelled one are drawn without a label. */
const LABEL_GAP_SHARE = 0.08;

function markerOf(record: CompactionRecord): ContextMarker | null {
  switch (record.kind) {
    case 'completed': {
      const reduced =
        record.before_tokens !== null && record.after_tokens !== null
          ? ` −${Math.round(compactionReduction({ before_tokens: record.before_tokens, after_tokens: record.after_tokens }) * 100)}%`
          : '';
      return { ts_ms: record.ts_ms, kind: 'compacted', label: `${record.strategy ?? 'compacted'}${reduced}`, tokens: record.after_tokens, showLabel: true };
    }
    case 'truncated':
      return { ts_ms: record.ts_ms, kind: 'context-lost', label: 'context lost', tokens: null, showLabel: true };
    case 'failed':
      return { ts_ms: record.ts_ms, kind: 'failed', label: 'compaction failed', tokens: record.after_tokens, showLabel: true };
    default:
      // `started` adds nothing a reader needs on the chart: the completion or failure follows within seconds.
      return null;
  }
}

/**
 * The chart's points (stored samples, plus the live estimate when it is newer
 * than the last sample) and its markers (compaction outcomes, oldest first). Pure.
 */
export function contextChartData(
  series: ContextSeries | undefined,
  liveEstimate: { request_tokens: number; budget: number; ts_ms: number } | null | undefined,
): { points: ContextPoint[]; markers: ContextMarker[] } {
  const points: ContextPoint[] = (series?.samples ?? [])
    .map(({ ts_ms, request_tokens, budget }) => ({ ts_ms, request_tokens, budget }))
    .sort((a, b) => a.ts_ms - b.ts_ms);
  const last = points.at(-1);
  if (liveEstimate && (!last || liveEstimate.ts_ms > last.ts_ms)) {
    points.push({ ts_ms: liveEstimate.ts_ms, request_tokens: liveEstimate.request_tokens, budget: liveEstimate.budget });
  }
  const markers = (series?.markers ?? [])
    .map(markerOf)
    .filter((m): m is ContextMarker => m !== null)
    .sort((a, b) => a.ts_ms - b.ts_ms);
  const times = [...points.map((p) => p.ts_ms), ...markers.map((m) => m.ts_ms)];
  const span = times.length > 0 ? Math.max(...times) - Math.min(...times) : 0;
  // Newest first: the most telling marker of a cluster is its last (a failure follows its truncation).
  let lastLabelled = Infinity;
  for (let i = markers.length - 1; i >= 0; i--) {
    const marker = markers[i]!;
    marker.showLabel = Math.abs(lastLabelled - marker.ts_ms) > span * LABEL_GAP_SHARE;
    if (marker.showLabel) lastLabelled = marker.ts_ms;
  }
  return { points, markers };
}
