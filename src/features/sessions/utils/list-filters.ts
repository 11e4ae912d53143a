import type { QueryParams } from '../../../lib/api/api-url';
import { sessionListParams } from '../../../lib/sessions/session-list';
import { sessionListQuerySchema, type SessionListQuery } from '../../../protocol/api-queries';

// The server's list query as query parameters. The overview's own view state
// (text, status, sort) is in overview-params.ts; overview-query.ts maps it here.

export const defaultListFilters: SessionListQuery = sessionListQuerySchema.parse({});

/** The filters as query parameters, defaults left out: short URLs, and the server applies the same defaults. */
export function listFiltersToParams(filters: SessionListQuery): QueryParams {
  return sessionListParams(filters);
}
