import { memo, useMemo } from 'react';
import { formatDuration, formatPercent, formatTokens, shortId } from '../../../lib/format/format';
import { compressionRatio, isRlmSuccess, rlmProgressFraction } from '../../../protocol/derived';
import { buildRlmPanel, type RlmTrace } from '../utils/build-panels';
import type { TimelineRow } from '../utils/timeline-rows';
import { useLiveRlm } from '../../../live/hooks/use-live-present';

function TraceRow({ trace, live }: { trace: RlmTrace; live: { iteration: number; maxIterations: number; status: string } | null }) {
  const { complete } = trace;
  if (complete) {
    return (
      <li className="rlm-trace" data-outcome={complete.outcome} aria-label={`RLM ${shortId(trace.traceId)} ${complete.outcome}`}>
        <span className="rlm-trace__id">{shortId(trace.traceId)}</span>
        <strong data-success={isRlmSuccess(complete.outcome)}>{complete.outcome}</strong> · {complete.iterations} iterations · {complete.subcalls} subcalls · ratio{' '}
        {compressionRatio(complete).toFixed(2)} ({formatTokens(complete.input_tokens)} → {formatTokens(complete.output_tokens)}) · {formatDuration(complete.elapsed_ms)} ·{' '}
        {complete.root_model}
        {complete.subcall_model_used ? ` / ${complete.subcall_model_used}` : ''}
        {complete.reason && <span className="muted"> — {complete.reason}</span>}
      </li>
    );
  }
  const progress = live ?? (trace.progress && { iteration: trace.progress.iteration, maxIterations: trace.progress.max_iterations, status: trace.progress.status });
  if (!progress) return null;
  const fraction = rlmProgressFraction({ iteration: progress.iteration, max_iterations: progress.maxIterations });
  return (
    <li className="rlm-trace">
      <span className="rlm-trace__id">{shortId(trace.traceId)}</span>
      <progress max={1} value={fraction} aria-label={`RLM ${shortId(trace.traceId)} progress`} />
      <span>
        {progress.iteration}/{progress.maxIterations} ({formatPercent(fraction)}) {progress.status}
      </span>
    </li>
  );
}

/** RLM runs: a progress bar per trace that becomes its completion summary; subcall fallbacks as warnings. */
export const RlmPanel = memo(function RlmPanel({ sessionId, rows }: { sessionId: string; rows: readonly TimelineRow[] }) {
  const data = useMemo(() => buildRlmPanel(rows), [rows]);
  const live = useLiveRlm(sessionId);
  // The ring may have let go of a trace's ticks; the live state still knows the current one.
  const traces = live && !data.traces.some((t) => t.traceId === live.traceId) ? [...data.traces, { traceId: live.traceId, progress: null, complete: null }] : data.traces;
  if (traces.length === 0 && data.fallbacks.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="rlm-heading">
      <h2 id="rlm-heading">RLM</h2>
      <ul className="rlm-list">
        {traces.map((trace) => (
          <TraceRow key={trace.traceId} trace={trace} live={live?.traceId === trace.traceId ? live : null} />
        ))}
      </ul>
      {data.fallbacks.map((f) => (
        <p key={f.seq} className="inline-warning" role="note">
          Subcall fell back from {f.requested_model} to {f.fallback_model}: {f.reason}
        </p>
      ))}
    </section>
  );
});
