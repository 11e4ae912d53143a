import { bearerHeaders } from '../settings/auth-token-storage';

// Where a REST read goes and how it is asked, with nothing else: the app's
// fetcher (./api-client.ts) and the reads started before the app has loaded
// (./early-reads.ts) build their requests here, so the two agree to the byte.

/** Every REST path is under this prefix, on the page's own origin. */
export const API_BASE = '/api/v1';

export type QueryParamValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryParamValue>;

/** One GET of the API: a path under API_BASE and its query. */
export interface ApiRead {
  path: string;
  params?: QueryParams;
}

/** `?a=1&b=x,y`, leaving out empty values; lists travel comma-separated, as the API reads them. */
export function toQueryString(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The URL of a read, as fetched. */
export function apiReadUrl(read: ApiRead): string {
  return `${API_BASE}${read.path}${toQueryString(read.params)}`;
}

/** The request a GET sends: JSON wanted, and `token` when there is one. */
export function apiReadInit(token: string | null, signal?: AbortSignal): RequestInit {
  return { headers: { Accept: 'application/json', ...bearerHeaders(token) }, signal };
}
