import { budgetStateLabel, type BudgetState } from '../lib/cost/budget-state';
import { formatTokens, formatUsd } from '../lib/format/format';
import type { Budget, SessionCost } from '../protocol/cost-schemas';

export interface CostCellProps {
  /** Undefined: no priced or unpriced usage known for the session (yet). */
  cost: Pick<SessionCost, 'cost_usd' | 'unpriced_tokens'> | undefined;
  state: BudgetState;
  budget?: Budget;
}

function budgetTitle(budget: Budget | undefined): string | undefined {
  if (!budget || (budget.warn_usd === null && budget.limit_usd === null)) return undefined;
  const parts = [];
  if (budget.warn_usd !== null) parts.push(`warn at ${formatUsd(budget.warn_usd)}`);
  if (budget.limit_usd !== null) parts.push(`limit ${formatUsd(budget.limit_usd)}`);
  return `Budget: ${parts.join(', ')}`;
}

/**
 * A session's cost: dollars, "unpriced" when no token has a price (never $0),
 * "+N tokens unpriced" when only part has. Past a threshold it turns yellow or
 * red and says so in words and with a mark, not by colour alone.
 */
export function CostCell({ cost, state, budget }: CostCellProps) {
  if (!cost) {
    return (
      <span className="muted cost-cell" data-budget="none">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">no usage yet</span>
      </span>
    );
  }
  const label = budgetStateLabel(state);
  return (
    <span className="cost-cell" data-budget={state} title={budgetTitle(budget)}>
      {cost.cost_usd === null ? <span className="muted">unpriced</span> : <span className="cost-cell__usd">{formatUsd(cost.cost_usd)}</span>}
      {cost.cost_usd !== null && cost.unpriced_tokens > 0 && (
        <span className="cost-cell__unpriced muted">+{formatTokens(cost.unpriced_tokens)} tokens unpriced</span>
      )}
      {label && (
        <span className="cost-cell__flag">
          <span aria-hidden="true">{state === 'limit' ? '⊘' : '⚠'}</span> {label}
        </span>
      )}
    </span>
  );
}
