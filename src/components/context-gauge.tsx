import { formatPercent, formatTokens } from '../lib/format';
import { estimateFraction, isOverBudget } from '../protocol/derived';

export interface ContextEstimate {
  request_tokens: number;
  budget: number;
}

/** Above this share of the budget the gauge warns: compaction is near. */
const NEAR_BUDGET = 0.8;

/**
 * How full the model's context is, from the last token estimate: a bar plus
 * the percentage in text, and "over budget" spelled out when it is. Uses the
 * protocol's own fraction and over-budget rules so the numbers match the agent.
 */
export function ContextGauge({ estimate, size = 'small' }: { estimate: ContextEstimate | null; size?: 'small' | 'large' }) {
  if (!estimate) {
    return <span className="muted">no estimate</span>;
  }
  const fraction = estimateFraction(estimate);
  const over = isOverBudget(estimate);
  const level = over ? 'over' : fraction >= NEAR_BUDGET ? 'near' : 'ok';
  const detail = `${formatTokens(estimate.request_tokens)} of ${formatTokens(estimate.budget)} tokens`;
  return (
    <span className="gauge" data-level={level} data-size={size} title={detail}>
      <meter
        className="gauge__meter"
        aria-label="Context used"
        min={0}
        max={estimate.budget}
        value={estimate.request_tokens}
        low={estimate.budget * NEAR_BUDGET}
        high={estimate.budget}
        optimum={0}
        aria-valuetext={`${formatPercent(fraction)} (${detail})${over ? ', over budget' : ''}`}
      />
      <span className="gauge__text">
        {formatPercent(fraction)}
        {over && <span className="gauge__over"> over budget</span>}
        {size === 'large' && <span className="muted"> · {detail}</span>}
      </span>
    </span>
  );
}
