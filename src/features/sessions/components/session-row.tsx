import { memo, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ContextGauge } from '../../../components/context-gauge';
import { CostCell } from '../../../components/cost-cell';
import { DemoBadge } from '../../../components/demo-badge';
import { OperatorStatusBadge } from '../../../components/operator-status-badge';
import { RelativeTime } from '../../../components/relative-time';
import { TokensBySource } from '../../../components/tokens-by-source';
import { budgetState } from '../../../lib/cost/budget-state';
import { formatAge, formatDateTime } from '../../../lib/format/format';
import { deriveStatus, type LiveStatusFacts } from '../../../lib/sessions/session-status';
import type { StatusThresholds } from '../../../lib/sessions/status-thresholds';
import type { SessionSummary } from '../../../protocol/api-schemas';
import type { Budget } from '../../../protocol/cost-schemas';

export interface SessionRowProps {
  summary: SessionSummary;
  /** What this tab saw of the session live, if anything. */
  live: LiveStatusFacts | undefined;
  /** The short id, long enough to tell it apart from every other row loaded. */
  short: string;
  selected: boolean;
  /** The clock statuses are measured against, in whole seconds (so a row re-renders once a second at most). */
  nowSecs: number;
  /** Since when the live connection is down (figures are frozen, greyed, "as of"); null: live. */
  frozenSinceMs: number | null;
  thresholds: StatusThresholds;
  /** The thresholds in force for it (its override, else the global default). */
  budget: Budget;
  /** Position in the list, for the virtualiser's measurement. */
  index: number;
  measure: (row: HTMLTableRowElement | null) => void;
}

function isEditable(element: Element | null): boolean {
  return element instanceof HTMLElement && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
}

/**
 * One session; its title is the link (a real <a>: Tab reaches it, it opens in a
 * new tab). Memoised: a live update to another session does not re-render it.
 */
export const SessionRow = memo(
  SessionRowView,
  (a, b) =>
    a.summary === b.summary &&
    a.live === b.live &&
    a.short === b.short &&
    a.selected === b.selected &&
    a.nowSecs === b.nowSecs &&
    a.frozenSinceMs === b.frozenSinceMs &&
    a.thresholds.stalledAfterMs === b.thresholds.stalledAfterMs &&
    a.thresholds.abandonedAfterMs === b.thresholds.abandonedAfterMs &&
    a.budget.warn_usd === b.budget.warn_usd &&
    a.budget.limit_usd === b.budget.limit_usd &&
    a.index === b.index &&
    a.measure === b.measure,
);

function SessionRowView({ summary: session, live, short, selected, nowSecs, frozenSinceMs, thresholds, budget, index, measure }: SessionRowProps) {
  const id = session.session_id;
  const linkRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    // Keyboard selection (j/k) moves focus too, so Enter follows the link and screen readers follow along;
    // never out of a field being typed into (a row scrolled back into view remounts selected).
    if (selected && !isEditable(document.activeElement)) linkRef.current?.focus({ preventScroll: true });
  }, [selected]);
  // Disconnected: the clock stops where the figures stopped, so no timer keeps counting on stale facts.
  const nowMs = frozenSinceMs ?? nowSecs * 1000;
  const status = deriveStatus({ summary: session, live: live ?? null, nowMs, ...thresholds });
  const hasCost = session.cost_usd !== null || session.unpriced_tokens > 0;
  const costState = budgetState(session.cost_usd, budget);
  const asOf = frozenSinceMs === null ? undefined : `as of ${formatDateTime(frozenSinceMs)}`;
  const title = session.title?.trim();
  return (
    <tr
      ref={measure}
      data-index={index}
      data-selected={selected || undefined}
      data-frozen={frozenSinceMs !== null || undefined}
      className={selected ? 'is-selected' : undefined}
      data-status={status.kind}
    >
      <th scope="row" className="sessions-table__title">
        <span className="sessions-table__name">
          <Link ref={linkRef} to={`/sessions/${encodeURIComponent(id)}`} title={id}>
            {title || short}
          </Link>
          <DemoBadge producer={session.producer} />
        </span>
        {title && <span className="sessions-table__id muted">{short}</span>}
      </th>
      <td data-column="agent">{session.agent ?? <span className="muted">—</span>}</td>
      <td data-column="model" className="sessions-table__model" title={session.model ?? undefined}>
        {session.model ?? <span className="muted">—</span>}
      </td>
      <td data-column="status" data-live-figure title={asOf}>
        <OperatorStatusBadge status={status} />
      </td>
      <td data-column="context" data-live-figure title={asOf}>
        <ContextGauge estimate={session.last_estimate} />
      </td>
      <td className="numeric" data-column="tokens" data-live-figure title={asOf}>
        <TokensBySource bySource={session.tokens_by_source} />
      </td>
      <td className="numeric" data-column="cost" data-live-figure title={asOf}>
        <CostCell cost={hasCost ? session : undefined} state={costState} budget={budget} />
      </td>
      <td className="numeric nowrap" data-column="age">
        {formatAge(Math.max(0, nowSecs * 1000 - session.first_seen_ms))}
      </td>
      <td className="numeric" data-column="last" data-live-figure>
        {frozenSinceMs === null ? (
          <RelativeTime ms={session.last_seen_ms} />
        ) : (
          // "12 s ago" would keep growing without knowing whether the session spoke since: say when instead.
          <time dateTime={new Date(session.last_seen_ms).toISOString()} title={asOf}>
            {formatDateTime(session.last_seen_ms)}
          </time>
        )}
      </td>
    </tr>
  );
}
