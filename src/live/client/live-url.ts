import { addTokenParam } from '../../lib/settings/auth-token';

/** Where the browser socket lives, relative to the page. */
export const LIVE_PATH = '/api/v1/live';

/**
 * `ws(s)://<host>/api/v1/live`, resuming after `cursor` when one is known.
 * The scheme follows the page's, so the dashboard works behind TLS unchanged.
 * No `sessions` parameter: the client follows every session. A browser
 * WebSocket cannot send an Authorization header, so a token travels as `?token=`.
 */
export function liveSocketUrl(location: Pick<Location, 'protocol' | 'host'>, cursor: number | null, token: string | null = null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = cursor === null ? '' : `?cursor=${cursor}`;
  return addTokenParam(`${scheme}//${location.host}${LIVE_PATH}${query}`, token);
}
