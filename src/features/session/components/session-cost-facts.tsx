import { useState } from 'react';
import { CostCell } from '../../../components/cost-cell';
import { budgetFor, useBudgets } from '../../../lib/budgets';
import { budgetState, formatApproxDuration, projectBudget, type BudgetProjection } from '../../../lib/budget';
import { formatUsd } from '../../../lib/format';
import { useSessionCosts } from '../../../lib/session-costs';
import type { Budget } from '../../../protocol/api-schemas';
import { BudgetForm } from './budget-form';

function describeBudget(budget: Budget): string {
  if (budget.warn_usd === null && budget.limit_usd === null) return 'none';
  const parts = [];
  if (budget.warn_usd !== null) parts.push(`warn ${formatUsd(budget.warn_usd)}`);
  if (budget.limit_usd !== null) parts.push(`limit ${formatUsd(budget.limit_usd)}`);
  return parts.join(' · ');
}

function describeProjection(projection: BudgetProjection): string {
  return projection.kind === 'limit' ? `limit in ${formatApproxDuration(projection.inMs)}` : `${formatUsd(projection.costUsd)} in 1 h`;
}

/**
 * The header's money facts: cost (coloured against the budget), burn rate and
 * projection while it runs, and the budget with its editor. Polls the session's
 * cost every few seconds only while the session is running.
 */
export function SessionCostFacts({ sessionId, running }: { sessionId: string; running: boolean }) {
  const [editing, setEditing] = useState(false);
  const costs = useSessionCosts([sessionId], { live: running });
  const budgets = useBudgets();
  const cost = costs.data?.get(sessionId);
  const budget = budgetFor(budgets.data, sessionId);
  const override = budgets.data?.sessions.get(sessionId);
  const state = budgetState(cost?.cost_usd ?? null, budget);
  const projection = running && cost ? projectBudget(cost.cost_usd, cost.burn_usd_per_h, budget) : null;

  return (
    <>
      <div data-fact="cost">
        <dt>Cost</dt>
        <dd>
          {costs.isError && !cost ? <span className="muted">unavailable</span> : <CostCell cost={cost} state={state} budget={budget} />}
        </dd>
      </div>
      {running && (
        <div data-fact="burn">
          <dt>Burn rate</dt>
          <dd>
            {cost?.burn_usd_per_h != null ? `${formatUsd(cost.burn_usd_per_h)}/h` : <span className="muted">—</span>}
            {projection && <span className="muted"> · {describeProjection(projection)}</span>}
          </dd>
        </div>
      )}
      <div data-fact="budget" className={editing ? 'facts__wide' : undefined}>
        <dt>Budget{override ? ' (this session)' : ''}</dt>
        <dd>
          {editing && budgets.data ? (
            <BudgetForm sessionId={sessionId} override={override} global={budgets.data.global} onDone={() => setEditing(false)} />
          ) : (
            <>
              {budgets.isError ? <span className="muted">unavailable</span> : describeBudget(budget)}{' '}
              <button type="button" className="button button--quiet" onClick={() => setEditing(true)} disabled={!budgets.data}>
                Edit budget
              </button>
            </>
          )}
        </dd>
      </div>
    </>
  );
}
