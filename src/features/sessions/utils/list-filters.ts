import type { QueryParams } from '../../../lib/api-client';
import { sessionListQuerySchema, type SessionListQuery } from '../../../protocol/api-queries';

// The server's list query as query parameters. The overview's own view state
// (text, status, sort) is in overview-params.ts; overview-query.ts maps it here.

export const defaultListFilters: SessionListQuery = sessionListQuerySchema.parse({});

/** The filters as query parameters, defaults left out: short URLs, and the server applies the same defaults. */
export function listFiltersToParams(filters: SessionListQuery): QueryParams {
  const params: QueryParams = {};
  const defaults = defaultListFilters as Record<string, unknown>;
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === defaults[key]) continue;
    params[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return params;
}
