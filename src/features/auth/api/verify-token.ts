import { API_BASE } from '../../../lib/api/api-url';
import { authHeaders } from '../../../lib/settings/auth-token';

export type TokenCheck = { ok: true } | { ok: false; message: string };

/**
 * Tries `token` on a small read before keeping it, so a wrong one is said at
 * once in the prompt instead of as errors all over the page.
 */
export async function verifyToken(token: string, signal?: AbortSignal): Promise<TokenCheck> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/sessions?limit=1`, { headers: { Accept: 'application/json', ...authHeaders(token) }, signal });
  } catch {
    return { ok: false, message: 'The server could not be reached. Try again.' };
  }
  return tokenCheckOf(response.status);
}

/** Pure: what an answer to the trial read means for the prompt. */
export function tokenCheckOf(status: number): TokenCheck {
  if (status >= 200 && status < 300) return { ok: true };
  if (status === 401) return { ok: false, message: 'That token was not accepted. Check it and try again.' };
  if (status === 403) return { ok: false, message: 'That token cannot read (it is an ingest token). Use a read token.' };
  return { ok: false, message: `The server answered ${status}. Try again.` };
}
