import type { QueryParams } from '../../../lib/api-client';
import { sessionListQuerySchema, type SessionListQuery } from '../../../protocol/api-queries';

// The server's list query, as the overview sends it. The overview's own view
// state (status, sort, text) is in overview-params.ts: the finer status is
// derived in the browser, so sorting and filtering happen there.

const filterKeys = ['status', 'q', 'agent', 'model', 'sort', 'order', 'limit', 'offset'] as const;

export const defaultListFilters: SessionListQuery = sessionListQuerySchema.parse({});

/** The filters as query parameters, defaults left out: short URLs, and the server applies the same defaults. */
export function listFiltersToParams(filters: SessionListQuery): QueryParams {
  const params: QueryParams = {};
  for (const key of filterKeys) {
    const value = filters[key];
    if (value === undefined || value === defaultListFilters[key]) continue;
    params[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return params;
}
