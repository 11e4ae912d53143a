import type { SessionListQuery } from '../../protocol/api-queries';
import type { SessionList, SessionSummary } from '../../protocol/api-schemas';

// How a live `sessions` push (fresh summaries) lands in cached list pages. The
// server settles what depends on its clock or its text matching (the operator
// status filter, the status sort, `q`, fleet-wide counts); the client replaces
// what it can and asks for a throttled refetch for the rest. Pure.

export interface ListMergeResult<L> {
  list: L;
  /** True when the pushed summaries may change this list in ways only the server can settle: refetch it. */
  needsRefetch: boolean;
}

type SortKey = SessionListQuery['sort'];

const nullsLast = Symbol('null');
type SortValue = number | string | typeof nullsLast;

/** The server's sorts the client can reproduce from a summary alone (not `status`: it is derived against the server's clock). */
const sortValue: Partial<Record<SortKey, (s: SessionSummary) => SortValue>> = {
  last_seen: (s) => s.last_seen_ms,
  first_seen: (s) => s.first_seen_ms,
  title: (s) => s.title?.toLowerCase() ?? nullsLast,
  tokens: (s) => s.prompt_tokens + s.completion_tokens,
  events: (s) => s.event_count,
  cost: (s) => s.cost_usd ?? nullsLast,
  agent: (s) => s.agent?.toLowerCase() ?? nullsLast,
  model: (s) => s.model?.toLowerCase() ?? nullsLast,
};

/** The list's order (nulls last either way), ties broken by id so it is stable between merges; null when only the server knows it. */
export function compareSessions(sort: SortKey, order: 'asc' | 'desc'): ((a: SessionSummary, b: SessionSummary) => number) | null {
  const value = sortValue[sort];
  if (!value) return null;
  const direction = order === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) {
      if (x === nullsLast) return 1;
      if (y === nullsLast) return -1;
      if (x < y) return -direction;
      if (x > y) return direction;
    }
    return a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : 0;
  };
}

/** Filters the client cannot evaluate on a summary: the operator status (derived at the server's now) and text matching. */
function serverSettled(filters: SessionListQuery): boolean {
  return Boolean(filters.status || filters.q || filters.agent || filters.model || filters.producer || filters.from !== undefined || filters.to !== undefined);
}

/**
 * Merges live summaries into one cached list (a single page: the session
 * picker's, the Cost page's titles). Rows are replaced and re-sorted; a new
 * session is inserted when the list holds the whole result and no filter
 * needs the server. Everything else, and the status counts, are left to a
 * refetch. The input list is not modified.
 */
export function mergeSummariesIntoList(list: SessionList, summaries: readonly SessionSummary[], filters: SessionListQuery): ListMergeResult<SessionList> {
  if (summaries.length === 0) return { list, needsRefetch: false };
  const compare = compareSessions(filters.sort, filters.order);
  const settledHere = !serverSettled(filters) && compare !== null && list.next_cursor === null && list.total <= list.sessions.length;
  const rows = new Map(list.sessions.map((s) => [s.session_id, s]));
  let total = list.total;
  let changed = false;
  let needsRefetch = false;
  for (const summary of summaries) {
    if (rows.has(summary.session_id)) {
      rows.set(summary.session_id, summary);
      changed = true;
    } else if (settledHere) {
      rows.set(summary.session_id, summary);
      total += 1;
      changed = true;
    }
    if (!settledHere) needsRefetch = true;
  }
  if (!changed) return { list, needsRefetch };
  const merged = [...rows.values()];
  const sessions = compare ? merged.sort(compare).slice(0, filters.limit) : merged;
  return { list: { ...list, sessions, total: Math.max(total, sessions.length) }, needsRefetch };
}

/** A list read page by page (the overview), as TanStack Query's infinite queries hold it. */
export interface SessionPages {
  pages: SessionList[];
  pageParams: unknown[];
}

/**
 * Merges live summaries into a paged list: each row already loaded takes its
 * fresh summary where it stands (the table decides when rows may move, see
 * features/sessions/utils/calm-order.ts). Any push may move rows between
 * pages, bring in a session or change the fleet-wide counts, so the list is
 * always refetched (throttled by the caller). The input is not modified.
 */
export function mergeSummariesIntoPages(paged: SessionPages, summaries: readonly SessionSummary[]): ListMergeResult<SessionPages> {
  if (summaries.length === 0) return { list: paged, needsRefetch: false };
  const fresh = new Map(summaries.map((s) => [s.session_id, s]));
  let changed = false;
  const pages = paged.pages.map((page) => {
    if (!page.sessions.some((s) => fresh.has(s.session_id))) return page;
    changed = true;
    return { ...page, sessions: page.sessions.map((s) => fresh.get(s.session_id) ?? s) };
  });
  return { list: changed ? { ...paged, pages } : paged, needsRefetch: true };
}
