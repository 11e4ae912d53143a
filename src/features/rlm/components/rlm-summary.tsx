import { formatCount, formatDuration, formatPercent, formatTokens } from '../../../lib/format/format';
import type { RlmStats } from '../../../protocol/api-schemas';
import { totalSpend, type ModelSpend } from '../utils/spend-by-model';
import { SpendCost } from './rlm-spend-by-model';

/** The range's headline figures. */
export function RlmSummary({ stats, spends }: { stats: RlmStats; spends: readonly ModelSpend[] | undefined }) {
  const { totals } = stats;
  const converged = totals.by_outcome.converged ?? 0;
  const spend = spends ? totalSpend(spends) : null;
  return (
    <dl className="facts analytics-summary">
      <div>
        <dt>Completions</dt>
        <dd data-figure="completions">{formatCount(totals.completions)}</dd>
      </div>
      <div>
        <dt>Converged</dt>
        <dd>{totals.completions > 0 ? `${formatPercent(converged / totals.completions)} (${formatCount(converged)})` : '—'}</dd>
      </div>
      <div>
        <dt>Median iterations</dt>
        <dd>{totals.median_iterations === null ? '—' : formatCount(totals.median_iterations)}</dd>
      </div>
      <div>
        <dt>Median elapsed</dt>
        <dd>{totals.median_elapsed_ms === null ? '—' : formatDuration(totals.median_elapsed_ms)}</dd>
      </div>
      <div>
        <dt>Tokens in → out</dt>
        <dd>
          {formatTokens(totals.input_tokens)} → {formatTokens(totals.output_tokens)}
        </dd>
      </div>
      <div>
        <dt>RLM spend</dt>
        <dd>{spend ? spend.tokens === 0 ? '—' : <>{formatTokens(spend.tokens)} tokens · <SpendCost spend={spend} /></> : '…'}</dd>
      </div>
    </dl>
  );
}
