import type { QueryParams } from '../../../lib/api-client';
import { sessionListQuerySchema, type SessionListQuery } from '../../../protocol/api-queries';

/** Parameters the list understands; anything else in the URL is not ours to judge. */
const filterKeys = ['status', 'q', 'agent', 'model', 'sort', 'order', 'limit', 'offset'] as const;

export const defaultListFilters: SessionListQuery = sessionListQuerySchema.parse({});

/**
 * The list's filters from the page URL, parsed with the API's own schema. A
 * hand-edited or stale parameter that fails is dropped (the rest still apply)
 * rather than breaking the page.
 */
export function parseListFilters(search: URLSearchParams): SessionListQuery {
  const raw: Record<string, string> = {};
  for (const key of filterKeys) {
    const value = search.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  const first = sessionListQuerySchema.safeParse(raw);
  if (first.success) return first.data;
  for (const issue of first.error.issues) delete raw[String(issue.path[0])];
  const second = sessionListQuerySchema.safeParse(raw);
  return second.success ? second.data : defaultListFilters;
}

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

/** The same, as a URL search string for links. */
export function listFiltersToSearch(filters: SessionListQuery): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(listFiltersToParams(filters))) {
    if (typeof value === 'string') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function hasActiveFilters(filters: SessionListQuery): boolean {
  return Boolean(filters.status || filters.q || filters.agent || filters.model);
}
