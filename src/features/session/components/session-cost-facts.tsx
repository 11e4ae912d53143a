import { useState } from 'react';
import { CostCell } from '../../../components/cost-cell';
import { FrozenFigure } from '../../../components/frozen-figure';
import { budgetFor, useBudgets } from '../../../lib/cost/budgets-api';
import { budgetState, formatApproxDuration, projectBudget, type BudgetProjection } from '../../../lib/cost/budget-state';
import { formatUsd } from '../../../lib/format/format';
import { useSessionCosts } from '../../../lib/cost/session-costs';
import type { SessionSummary } from '../../../protocol/api-schemas';
import type { Budget } from '../../../protocol/cost-schemas';
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

export interface SessionCostFactsProps {
  session: SessionSummary;
  running: boolean;
  /** Live figures stopped updating at this time (connection lost); null while current. */
  frozenSinceMs: number | null;
}

/**
 * The header's money facts: cost (coloured against the budget) from the
 * session's summary, which the server prices and pushes with every change, so
 * it moves with the tokens; the burn rate and projection while it runs (polled,
 * and withheld while disconnected rather than projected from stale figures);
 * and the budget with its editor.
 */
export function SessionCostFacts({ session, running, frozenSinceMs }: SessionCostFactsProps) {
  const sessionId = session.session_id;
  const [editing, setEditing] = useState(false);
  const burn = useSessionCosts([sessionId], { live: running && frozenSinceMs === null }).data?.get(sessionId);
  const budgets = useBudgets();
  const hasUsage = session.usage_origin !== null;
  const cost = hasUsage ? { cost_usd: session.cost_usd, unpriced_tokens: session.unpriced_tokens } : undefined;
  const budget = budgetFor(budgets.data, sessionId);
  const override = budgets.data?.sessions.get(sessionId);
  const state = budgetState(session.cost_usd, budget);
  const projection = running && burn && frozenSinceMs === null ? projectBudget(session.cost_usd, burn.burn_usd_per_h, budget) : null;

  return (
    <>
      <div data-fact="cost">
        <dt>Cost</dt>
        <dd>
          <FrozenFigure sinceMs={frozenSinceMs}>
            <CostCell cost={cost} state={state} budget={budget} />
          </FrozenFigure>
        </dd>
      </div>
      {running && (
        <div data-fact="burn">
          <dt>Burn rate</dt>
          <dd>
            {frozenSinceMs !== null ? (
              <span className="muted">paused while disconnected</span>
            ) : burn?.burn_usd_per_h != null ? (
              `${formatUsd(burn.burn_usd_per_h)}/h`
            ) : (
              <span className="muted">—</span>
            )}
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
