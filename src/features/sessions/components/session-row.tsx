import { memo, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ContextGauge } from '../../../components/context-gauge';
import { CostSlot } from '../../../components/cost-slot';
import { OperatorStatusBadge } from '../../../components/operator-status-badge';
import { RelativeTime } from '../../../components/relative-time';
import { TokensBySource } from '../../../components/tokens-by-source';
import { formatAge, shortId } from '../../../lib/format';
import { describeStatus, type OperatorStatus } from '../../../lib/session-status';
import type { OverviewRow } from '../utils/overview-rows';

export interface SessionRowProps {
  row: OverviewRow;
  selected: boolean;
  /** Session age, in whole seconds (so the row re-renders once a second, not on every frame). */
  ageSecs: number;
}

/**
 * One session; its title is the link (a real <a>: Tab reaches it, it opens in a
 * new tab). Memoised: a live update to another session does not re-render it.
 */
export const SessionRow = memo(SessionRowView, (a, b) => a.row.summary === b.row.summary && sameStatus(a.row.status, b.row.status) && a.selected === b.selected && a.ageSecs === b.ageSecs);

/** Rows are rebuilt every tick; what a status shows is its words, so equal words mean nothing to redraw. */
function sameStatus(a: OperatorStatus, b: OperatorStatus): boolean {
  return a.kind === b.kind && describeStatus(a) === describeStatus(b);
}

function SessionRowView({ row, selected, ageSecs }: SessionRowProps) {
  const { summary: session, status } = row;
  const id = session.session_id;
  const linkRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    // Keyboard selection (j/k) moves focus too, so Enter follows the link and screen readers follow along.
    if (selected) linkRef.current?.focus({ preventScroll: false });
  }, [selected]);
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
      <td className="numeric">
        <CostSlot />
      </td>
      <td className="numeric nowrap">{formatAge(ageSecs * 1000)}</td>
      <td className="numeric">
        <RelativeTime ms={session.last_seen_ms} />
      </td>
    </tr>
  );
}
