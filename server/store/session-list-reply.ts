import type { SessionListQuery } from '#protocol/api-queries';
import type { SessionList, SessionSummary } from '#protocol/api-schemas';
import { encodeSessionCursor } from '#protocol/session-cursor';
import { operatorStatusKinds, type OperatorStatusKind } from '#protocol/session-status';
import { selectedKinds, type StatusClock } from './session-status-sql';

// The reply of `GET /api/v1/sessions` from the rows of the listing's statements
// (./session-list-query.ts): the page, its cursor, the per-status counts and the total.

/** A page row's key under the listing's sort, which the next page's cursor starts after. */
export interface PageRow {
  sort_key: string | number | null;
}

/** `*` (all sessions) or `error` with its count, or an activity of sessions not ended with its count, how many are abandoned and how many neither abandoned nor stalled. */
export interface CountRow {
  kind: string;
  abandoned: number;
  fresh: number;
  n: number;
}

/** The per-kind counts, with deriveStatus's precedence: abandoned first, then an approval wait, then stalled. */
function statusCountsOf(rows: readonly CountRow[]): Record<OperatorStatusKind, number> {
  const counts = Object.fromEntries(operatorStatusKinds.map((kind) => [kind, 0])) as Record<OperatorStatusKind, number>;
  let all = 0;
  let notDone = 0;
  for (const row of rows) {
    const [n, abandoned, fresh] = [Number(row.n), Number(row.abandoned), Number(row.fresh)];
    if (row.kind === '*') {
      all += n;
      continue;
    }
    notDone += n;
    if (row.kind === 'error') {
      counts.error += n;
    } else if (row.kind === 'awaiting_approval') {
      counts.abandoned += abandoned;
      counts.awaiting_approval += n - abandoned;
    } else if (Object.hasOwn(counts, row.kind)) {
      counts.abandoned += abandoned;
      counts.stalled += n - abandoned - fresh;
      counts[row.kind as OperatorStatusKind] += fresh;
    }
  }
  counts.done = all - notDone;
  return counts;
}

/** The reply from the statements' rows: a page of `limit` (of `limit + 1` rows read), its cursor, the counts and the total. */
export function sessionListReply<R extends PageRow>(
  query: SessionListQuery,
  clock: StatusClock,
  rows: readonly R[],
  counts: readonly CountRow[],
  summaryOf: (row: R) => SessionSummary,
): SessionList {
  const statusCounts = statusCountsOf(counts);
  const kinds = query.status === undefined ? operatorStatusKinds : [...selectedKinds(query.status)];
  const total = kinds.reduce((sum, kind) => sum + statusCounts[kind], 0);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const sessions = page.map(summaryOf);
  const next_cursor =
    rows.length > query.limit && last !== undefined
      ? encodeSessionCursor({ sort: query.sort, order: query.order, value: last.sort_key, sessionId: sessions.at(-1)!.session_id })
      : null;
  return { sessions, total, next_cursor, status_counts: statusCounts, server_time_ms: clock.nowMs };
}
