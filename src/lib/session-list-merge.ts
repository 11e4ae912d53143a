import type { SessionListQuery } from '../protocol/api-queries';
import type { SessionList, SessionSummary } from '../protocol/api-schemas';

export interface ListMergeResult {
  list: SessionList;
  /**
   * True when the pushed summaries may change this page in ways only the
   * server can settle (a text filter we cannot evaluate, a row leaving a page
   * that must be back-filled, page boundaries shifting): refetch it.
   */
  needsRefetch: boolean;
}

type SortKey = SessionListQuery['sort'];

const sortValue: Record<SortKey, (s: SessionSummary) => number | string> = {
  last_seen: (s) => s.last_seen_ms,
  first_seen: (s) => s.first_seen_ms,
  title: (s) => (s.title ?? s.session_id).toLowerCase(),
  status: (s) => s.status,
  tokens: (s) => s.prompt_tokens + s.completion_tokens,
  events: (s) => s.event_count,
};

/** The list's order, ties broken by id so the order is stable between merges. */
export function compareSessions(sort: SortKey, order: 'asc' | 'desc'): (a: SessionSummary, b: SessionSummary) => number {
  const value = sortValue[sort];
  const direction = order === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x < y) return -direction;
    if (x > y) return direction;
    return a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : 0;
  };
}

function matchesStatus(summary: SessionSummary, filters: SessionListQuery): boolean {
  return filters.status === undefined || filters.status.includes(summary.status);
}

/**
 * Merges live summaries into one cached page of the list, as far as the client
 * can do so truthfully: rows are replaced, re-sorted, removed when their status
 * leaves the filter, and new sessions inserted when the page holds the whole
 * result and no server-side text filter (`q`, `agent`, `model`) is involved.
 * Everything else is left to a refetch. Pure: the input list is not modified.
 */
export function mergeSummariesIntoList(
  list: SessionList,
  summaries: readonly SessionSummary[],
  filters: SessionListQuery,
): ListMergeResult {
  if (summaries.length === 0) return { list, needsRefetch: false };
  const textFiltered = Boolean(filters.q || filters.agent || filters.model);
  const holdsWholeResult = filters.offset === 0 && list.total <= list.sessions.length;
  const rows = new Map(list.sessions.map((s) => [s.session_id, s]));
  let total = list.total;
  let changed = false;
  let needsRefetch = false;

  for (const summary of summaries) {
    const present = rows.has(summary.session_id);
    const matches = matchesStatus(summary, filters);
    if (present && matches) {
      rows.set(summary.session_id, summary);
      changed = true;
    } else if (present) {
      rows.delete(summary.session_id);
      total -= 1;
      changed = true;
      // A partial page must be back-filled from the next one.
      if (!holdsWholeResult) needsRefetch = true;
    } else if (matches) {
      if (textFiltered || !holdsWholeResult) {
        needsRefetch = true;
      } else {
        rows.set(summary.session_id, summary);
        total += 1;
        changed = true;
      }
    }
  }

  if (!changed) return { list, needsRefetch };
  // Beyond the first page, any change can move rows across page boundaries.
  if (filters.offset > 0) needsRefetch = true;
  const sessions = [...rows.values()].sort(compareSessions(filters.sort, filters.order)).slice(0, filters.limit);
  return { list: { sessions, total: Math.max(total, sessions.length) }, needsRefetch };
}
