import type { SessionListQuery } from '../../../protocol/api-queries';
import { defaultListFilters } from './list-filters';
import type { OverviewParams, OverviewSortKey } from './overview-params';

/** Rows per page: a screenful several times over; the next page loads as the table scrolls towards the end. */
export const OVERVIEW_PAGE_SIZE = 100;

const serverSort: Record<OverviewSortKey, SessionListQuery['sort']> = {
  title: 'title',
  agent: 'agent',
  model: 'model',
  status: 'status',
  tokens: 'tokens',
  cost: 'cost',
  age: 'first_seen',
  last: 'last_seen',
};

/**
 * The server query behind the overview: it filters by text and operator status,
 * sorts, pages and counts statuses over the whole fleet, measuring "stalled"
 * against this browser's threshold. The oldest session is the one first seen
 * earliest, so "age descending" is `first_seen` ascending.
 */
export function overviewQuery(params: OverviewParams, stalledAfterMs: number): SessionListQuery {
  const flip = params.sort === 'age';
  const order = flip ? (params.order === 'asc' ? 'desc' : 'asc') : params.order;
  const q = params.q.trim();
  return {
    ...defaultListFilters,
    status: params.status.length > 0 ? [...params.status].sort() : undefined,
    q: q === '' ? undefined : q,
    sort: serverSort[params.sort],
    order,
    limit: OVERVIEW_PAGE_SIZE,
    stalled_after_ms: stalledAfterMs,
  };
}
