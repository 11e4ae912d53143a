import { z } from 'zod';
import { operatorStatusKinds, type OperatorStatusKind } from '../../../lib/sessions/session-status';

// The overview's view state, all of it in the URL so a view can be shared and
// survives a reload: `?q=fix&status=stalled,error&sort=cost&order=desc`.
// The server filters, sorts and counts (overview-query.ts turns this into its query).

export const overviewSortKeys = ['title', 'agent', 'model', 'status', 'tokens', 'cost', 'age', 'last'] as const;
export type OverviewSortKey = (typeof overviewSortKeys)[number];

export interface OverviewParams {
  q: string;
  status: OperatorStatusKind[];
  sort: OverviewSortKey;
  order: 'asc' | 'desc';
}

export const defaultOverviewParams: OverviewParams = { q: '', status: [], sort: 'last', order: 'desc' };

/** Longer text is cut, as the server's `q` is. */
export const MAX_QUERY_LENGTH = 200;

const statusKindSchema = z.enum(operatorStatusKinds as [OperatorStatusKind, ...OperatorStatusKind[]]);

/** Parses leniently: a hand-edited value that does not fit (or an old `sort=context`) falls back to its default, the rest still applies. */
export function parseOverviewParams(search: URLSearchParams): OverviewParams {
  const sort = z.enum(overviewSortKeys).safeParse(search.get('sort'));
  const order = z.enum(['asc', 'desc']).safeParse(search.get('order'));
  const status = (search.get('status') ?? '')
    .split(',')
    .map((s) => statusKindSchema.safeParse(s.trim()))
    .flatMap((r) => (r.success ? [r.data] : []));
  return {
    q: (search.get('q') ?? '').slice(0, MAX_QUERY_LENGTH),
    status: [...new Set(status)],
    sort: sort.success ? sort.data : defaultOverviewParams.sort,
    order: order.success ? order.data : defaultOverviewParams.order,
  };
}

/** Defaults left out, so the plain overview has a plain URL. */
export function overviewParamsToSearch(params: OverviewParams): URLSearchParams {
  const search = new URLSearchParams();
  if (params.q) search.set('q', params.q);
  if (params.status.length > 0) search.set('status', params.status.join(','));
  if (params.sort !== defaultOverviewParams.sort) search.set('sort', params.sort);
  if (params.order !== defaultOverviewParams.order) search.set('order', params.order);
  return search;
}

/** Clicking a column: the same one flips the order; a new one starts descending for figures, ascending for words. */
export function toggleSort(params: OverviewParams, sort: OverviewSortKey): OverviewParams {
  if (params.sort === sort) return { ...params, order: params.order === 'asc' ? 'desc' : 'asc' };
  const words = sort === 'title' || sort === 'agent' || sort === 'model' || sort === 'status';
  return { ...params, sort, order: words ? 'asc' : 'desc' };
}
