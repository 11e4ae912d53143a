import { lazy, Suspense, useMemo } from 'react';
import { seriesSwatchClassName } from '../../../components/charts/chart-defaults';
import { WhenVisible } from '../../../components/charts/when-visible';
import { RetryButton } from '../../../components/retry-button';
import { StatePanel } from '../../../components/state-panel';
import { describeError } from '../../../lib/api/api-error';
import { formatCount, formatTokens, formatZoneName } from '../../../lib/format/format';
import { useDisplayTimeZone } from '../../../lib/time/time-zone-store';
import type { SessionSummary } from '../../../protocol/api-schemas';
import { useSessionContext } from '../api/get-session-context';
import { contextChartData } from '../utils/context-chart-data';

const ContextWindowPlot = lazy(() => import('./context-window-plot'));
const CHART_HEIGHT = 200;

function ContextWindowBody({ session }: { session: SessionSummary }) {
  const running = session.status === 'active';
  const series = useSessionContext(session.session_id, running);
  const estimate = session.last_estimate;
  const { points, markers } = useMemo(() => contextChartData(series.data, estimate), [series.data, estimate]);
  const timeZone = useDisplayTimeZone();

  if (series.isPending && points.length === 0) return <StatePanel kind="loading" title="Loading the context window…" />;
  if (series.isError && points.length === 0) {
    return (
      <StatePanel kind="error" title="The context window could not be loaded" action={<RetryButton onRetry={() => void series.refetch()} />}>
        {describeError(series.error)}
      </StatePanel>
    );
  }
  if (points.length === 0) return <StatePanel kind="empty" title="No token estimates yet">The chart fills in as the agent reports its request size.</StatePanel>;
  const lost = markers.filter((m) => m.kind === 'context-lost').length;
  const compacted = markers.filter((m) => m.kind === 'compacted').length;
  const latest = points.at(-1)!;
  const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;
  return (
    <>
      <div
        className="chart context-window__chart"
        style={{ height: CHART_HEIGHT }}
        role="img"
        aria-label={`Context window over time: ${plural(points.length, 'estimate', 'estimates')}, the latest ${formatTokens(latest.request_tokens)} of ${formatTokens(latest.budget)} tokens; ${plural(compacted, 'compaction', 'compactions')}, ${plural(lost, 'truncation', 'truncations')}`}
      >
        <Suspense fallback={<div className="skeleton context-window__skeleton" />}>
          <ContextWindowPlot points={points} markers={markers} timeZone={timeZone} />
        </Suspense>
      </div>
      <ul className="chart-legend" aria-hidden="true">
        <li>
          <span className={seriesSwatchClassName(0)} />
          request tokens
        </li>
        <li>
          <span className="legend-line" data-line="budget" />
          budget
        </li>
        <li>
          <span className="legend-line" data-line="compacted" />
          compaction
        </li>
        <li>
          <span className="legend-line" data-line="lost" />
          context lost / compaction failed
        </li>
        <li className="muted" data-testid="context-chart-zone">
          times in {formatZoneName(latest.ts_ms, timeZone)}
        </li>
      </ul>
    </>
  );
}

/**
 * The session's context window over time (estimated request tokens against the
 * budget) with compaction and truncation markers. Neither its data nor its
 * chart code is fetched until it scrolls into view.
 */
export function ContextWindowChart({ session }: { session: SessionSummary }) {
  return (
    <section className="panel context-window" aria-labelledby="context-window-heading">
      <h2 id="context-window-heading">Context window</h2>
      <WhenVisible minHeight={CHART_HEIGHT}>
        <ContextWindowBody session={session} />
      </WhenVisible>
    </section>
  );
}
