import { formatPercent, formatTokens } from '../lib/format/format';
import { estimateFraction, isOverBudget } from '../protocol/derived';

export interface ContextEstimate {
  request_tokens: number;
  budget: number;
}

/** The ramp: green up to 70 % of the budget, yellow to 90 %, red above (compaction is near). */
const WARN_FROM = 0.7;
const DANGER_FROM = 0.9;

/** The gauge's level for an estimate; exported for tests and for the session header's warning. */
export function gaugeLevel(estimate: ContextEstimate): 'ok' | 'warn' | 'danger' | 'over' {
  if (isOverBudget(estimate)) return 'over';
  const fraction = estimateFraction(estimate);
  return fraction > DANGER_FROM ? 'danger' : fraction > WARN_FROM ? 'warn' : 'ok';
}

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
  const level = gaugeLevel(estimate);
  const detail = `${formatTokens(estimate.request_tokens)} of ${formatTokens(estimate.budget)} tokens`;
  return (
    <span className="gauge" data-level={level} data-size={size} title={detail}>
      <meter
        className="gauge__meter"
        aria-label="Context used"
        min={0}
        max={estimate.budget}
        value={estimate.request_tokens}
        low={estimate.budget * WARN_FROM}
        high={estimate.budget * DANGER_FROM}
        optimum={0}
        aria-valuetext={`${formatPercent(fraction)} (${detail})${over ? ', over budget' : ''}`}
      />
      <span className="gauge__text">
        {formatPercent(fraction)}
        {over && (
          <span className="gauge__over">
            {' '}
            <span aria-hidden="true">⚠</span> over budget
          </span>
        )}
        {size === 'large' && <span className="muted"> · {detail}</span>}
      </span>
    </span>
  );
}
