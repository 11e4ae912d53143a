import { formatCount, formatPercent, formatTokens } from '../../../lib/format/format';
import type { CompactionStats } from '../../../protocol/api-schemas';
import { compactionReduction } from '../../../protocol/derived';

/** The range's headline figures: how many compactions, how much they saved, how much context was lost. */
export function CompactionSummary({ stats }: { stats: CompactionStats }) {
  const { totals } = stats;
  return (
    <dl className="facts analytics-summary">
      <div>
        <dt>Started</dt>
        <dd>{formatCount(totals.started)}</dd>
      </div>
      <div>
        <dt>Completed</dt>
        <dd>{formatCount(totals.completed)}</dd>
      </div>
      <div>
        <dt>Failed</dt>
        <dd data-level={totals.failed > 0 ? 'warn' : undefined}>{formatCount(totals.failed)}</dd>
      </div>
      <div>
        <dt>Truncated</dt>
        <dd data-level={totals.truncated > 0 ? 'warn' : undefined}>{formatCount(totals.truncated)}</dd>
      </div>
      <div>
        <dt>Tokens before → after</dt>
        <dd>
          {formatTokens(totals.before_tokens)} → {formatTokens(totals.after_tokens)}
          {totals.before_tokens > 0 && (
            <span className="muted"> (−{formatPercent(compactionReduction({ before_tokens: totals.before_tokens, after_tokens: totals.after_tokens }))})</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Context lost</dt>
        <dd>{totals.dropped_tokens > 0 ? `${formatTokens(totals.dropped_tokens)} tokens dropped` : 'none'}</dd>
      </div>
    </dl>
  );
}
