import { sessionListQuerySchema, type SessionListQuery } from '../../protocol/api-queries';
import { sessionListSchema, type SessionList } from '../../protocol/api-schemas';
import { apiGet } from '../api/api-client';
import type { QueryParams } from '../api/api-url';

// The one fetcher of `GET /api/v1/sessions`. Its callers (the overview's pages,
// the Cost page's session choices, a picker's search) each keep their own
// queryOptions, all under sessionKeys (./session-query-keys.ts).

/** What the server assumes for a parameter left out. */
const serverDefaults: Readonly<Record<string, unknown>> = sessionListQuerySchema.parse({});

/** The list query as query parameters, the server's defaults left out: short URLs, the same answer. */
export function sessionListParams(query: Partial<SessionListQuery>): QueryParams {
  const params: QueryParams = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === serverDefaults[key]) continue;
    params[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return params;
}

/** One page of session summaries; `cursor` is a previous page's `next_cursor`. */
export function getSessionList(query: Partial<SessionListQuery>, cursor: string | null = null, signal?: AbortSignal): Promise<SessionList> {
  return apiGet('/sessions', sessionListSchema, { params: { ...sessionListParams(query), cursor }, signal });
}
