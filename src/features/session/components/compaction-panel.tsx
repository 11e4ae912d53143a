import { memo, useMemo } from 'react';
import { formatPercent, formatTokens, shortId } from '../../../lib/format/format';
import { compactionReduction } from '../../../protocol/derived';
import { buildCompactionPanel, type CompactionStep } from '../utils/build-panels';
import type { TimelineRow } from '../utils/timeline-rows';

function Step({ step }: { step: CompactionStep }) {
  switch (step.kind) {
    case 'started': {
      const e = step.event;
      const over = e.before_tokens - e.budget;
      return (
        <li data-step="started">
          Started: {e.reason} · {formatTokens(e.before_tokens)} tokens
          {over > 0 ? `, ${formatTokens(over)} over the ${formatTokens(e.budget)} budget` : ` (budget ${formatTokens(e.budget)})`}
        </li>
      );
    }
    case 'completed': {
      const e = step.event;
      return (
        <li data-step="completed">
          Completed ({e.strategy}): {formatTokens(e.before_tokens)} → {formatTokens(e.after_tokens)} tokens, −{formatPercent(compactionReduction(e))},
          kept {e.kept_messages} messages
        </li>
      );
    }
    case 'truncated': {
      const e = step.event;
      return (
        <li data-step="truncated" className="compaction__lost" role="note">
          <strong>
            <span aria-hidden="true">⚠</span> Context lost:
          </strong>{' '}
          dropped {formatTokens(e.dropped_tokens)} tokens, kept {e.kept_messages} messages
          {e.archive_ref ? (
            <>
              {' '}
              · archived at <code>{e.archive_ref}</code>
            </>
          ) : (
            ' · not archived'
          )}
        </li>
      );
    }
    case 'failed': {
      const e = step.event;
      return (
        <li data-step="failed" className="compaction__failed">
          <strong>Failed</strong>: {e.reason} · {formatTokens(e.after_tokens)} tokens vs budget {formatTokens(e.budget)} ·{' '}
          {e.fell_back_to ? `fell back to ${e.fell_back_to}` : 'no fallback'}
        </li>
      );
    }
  }
}

/** Each compaction's lifecycle, in time order: started, completed, truncated (context lost), failed. */
export const CompactionPanel = memo(function CompactionPanel({ rows }: { rows: readonly TimelineRow[] }) {
  const traces = useMemo(() => buildCompactionPanel(rows), [rows]);
  if (traces.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="compaction-heading">
      <h2 id="compaction-heading">Compaction</h2>
      <ol className="compaction-list">
        {traces.map((trace) => (
          <li key={trace.traceId} className="compaction" aria-label={`Compaction ${shortId(trace.traceId)}`}>
            <span className="compaction__id">{shortId(trace.traceId)}</span>
            <ol className="compaction__steps">
              {trace.steps.map((step) => (
                <Step key={step.event.seq} step={step} />
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </section>
  );
});
