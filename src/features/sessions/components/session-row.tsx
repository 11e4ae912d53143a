import { memo, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ContextGauge } from '../../../components/context-gauge';
import { CostCell } from '../../../components/cost-cell';
import { OperatorStatusBadge } from '../../../components/operator-status-badge';
import { RelativeTime } from '../../../components/relative-time';
import { TokensBySource } from '../../../components/tokens-by-source';
import { budgetState } from '../../../lib/budget';
import { formatAge, shortId } from '../../../lib/format';
import { describeStatus, type OperatorStatus } from '../../../lib/session-status';
import type { Budget, SessionCost } from '../../../protocol/api-schemas';
import type { OverviewRow } from '../utils/overview-rows';

export interface SessionRowProps {
  row: OverviewRow;
  selected: boolean;
  /** Session age, in whole seconds (so the row re-renders once a second, not on every frame). */
  ageSecs: number;
  /** Undefined: no usage known for the session. */
  cost: SessionCost | undefined;
  /** The thresholds in force for it (its override, else the global default). */
  budget: Budget;
}

/**
 * One session; its title is the link (a real <a>: Tab reaches it, it opens in a
 * new tab). Memoised: a live update to another session does not re-render it.
 */
export const SessionRow = memo(
  SessionRowView,
  (a, b) =>
    a.row.summary === b.row.summary &&
    sameStatus(a.row.status, b.row.status) &&
    a.selected === b.selected &&
    a.ageSecs === b.ageSecs &&
    a.cost === b.cost &&
    a.budget.warn_usd === b.budget.warn_usd &&
    a.budget.limit_usd === b.budget.limit_usd,
);

/** Rows are rebuilt every tick; what a status shows is its words, so equal words mean nothing to redraw. */
function sameStatus(a: OperatorStatus, b: OperatorStatus): boolean {
  return a.kind === b.kind && describeStatus(a) === describeStatus(b);
}

function SessionRowView({ row, selected, ageSecs, cost, budget }: SessionRowProps) {
  const { summary: session, status } = row;
  const id = session.session_id;
  const linkRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    // Keyboard selection (j/k) moves focus too, so Enter follows the link and screen readers follow along.
    if (selected) linkRef.current?.focus({ preventScroll: false });
  }, [selected]);
  const costState = budgetState(cost?.cost_usd ?? null, budget);
  return (
    <tr data-selected={selected || undefined} className={selected ? 'is-selected' : undefined} data-status={status.kind}>
      <th scope="row" className="sessions-table__title">
        <Link ref={linkRef} to={`/sessions/${encodeURIComponent(id)}`} title={id}>
          {session.title?.trim() || shortId(id)}
        </Link>
        {session.title?.trim() && <span className="sessions-table__id muted">{shortId(id)}</span>}
      </th>
      <td>{session.agent ?? <span className="muted">—</span>}</td>
      <td className="sessions-table__model">{session.model ?? <span className="muted">—</span>}</td>
      <td data-column="status">
        <OperatorStatusBadge status={status} />
      </td>
      <td>
        <ContextGauge estimate={session.last_estimate} />
      </td>
      <td className="numeric">
        <TokensBySource bySource={session.tokens_by_source} />
      </td>
      <td className="numeric" data-column="cost">
        <CostCell cost={cost} state={costState} budget={budget} />
      </td>
      <td className="numeric nowrap">{formatAge(ageSecs * 1000)}</td>
      <td className="numeric">
        <RelativeTime ms={session.last_seen_ms} />
      </td>
    </tr>
  );
}
