/**
 * The dashboard's bearer token (a `read` token, see README "Security"). It lives
 * in sessionStorage by default, so it ends with the tab; "remember on this
 * device" puts it in localStorage instead. Fetches send it as
 * `Authorization: Bearer`; WebSockets and download links cannot send headers, so
 * they carry it as `?token=` (`withAuthToken`).
 *
 * `required` turns true when the server answers 401: the token prompt shows, and
 * the live connection stops retrying until a token is set.
 */

const storageKey = 'tether-watch:auth-token';

export interface AuthState {
  token: string | null;
  /** Where the token is kept: `local` survives closing the browser. */
  remembered: boolean;
  /** The server refused the request for want of a (valid) token. */
  required: boolean;
  /** Why, when the server said more than "no token" (e.g. a token of the wrong scope). */
  problem: string | null;
}

type Listener = () => void;

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function browserStorage(kind: 'sessionStorage' | 'localStorage'): KeyValueStorage | null {
  try {
    return typeof globalThis[kind] === 'undefined' ? null : globalThis[kind];
  } catch {
    // Storage disabled by the browser (privacy settings): keep the token in memory only.
    return null;
  }
}

function readStored(): Pick<AuthState, 'token' | 'remembered'> {
  const session = browserStorage('sessionStorage')?.getItem(storageKey);
  if (session) return { token: session, remembered: false };
  const local = browserStorage('localStorage')?.getItem(storageKey);
  if (local) return { token: local, remembered: true };
  return { token: null, remembered: false };
}

let state: AuthState = { ...readStored(), required: false, problem: null };
const listeners = new Set<Listener>();

function update(next: Partial<AuthState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

/** The current state; the same object until something changes (useSyncExternalStore needs that). */
export function getAuthState(): AuthState {
  return state;
}

export function subscribeAuthState(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getAuthToken(): string | null {
  return state.token;
}

/** Keeps `token` for this tab, or on this device when `remember`; clears the other place. */
export function setAuthToken(token: string, options: { remember?: boolean } = {}): void {
  const remember = options.remember ?? false;
  try {
    browserStorage(remember ? 'localStorage' : 'sessionStorage')?.setItem(storageKey, token);
    browserStorage(remember ? 'sessionStorage' : 'localStorage')?.removeItem(storageKey);
  } catch {
    // Quota or privacy mode: the token still works for this page's lifetime.
  }
  update({ token, remembered: remember, required: false, problem: null });
}

/** Sign out: forgets the token everywhere; the prompt shows again. */
export function clearAuthToken(): void {
  try {
    browserStorage('sessionStorage')?.removeItem(storageKey);
    browserStorage('localStorage')?.removeItem(storageKey);
  } catch {
    // Nothing stored to forget.
  }
  update({ token: null, remembered: false, required: true, problem: null });
}

/** Called on any 401 (the token is missing or no longer accepted) or 403 (`problem`: wrong scope). */
export function reportUnauthorized(problem?: string): void {
  const next = problem ?? null;
  if (!state.required || state.problem !== next) update({ required: true, problem: next });
}

/** `{Authorization: 'Bearer …'}` when a token is set, else nothing. */
export function authHeaders(token: string | null = state.token): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * `url` with `token=<token>` added to its query (replacing any there), for
 * WebSocket URLs and download links. Relative URLs stay relative; the fragment
 * stays last. Unchanged when there is no token.
 */
export function addTokenParam(url: string, token: string | null): string {
  if (!token) return url;
  const hashAt = url.indexOf('#');
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const params = new URLSearchParams(queryAt === -1 ? '' : beforeHash.slice(queryAt + 1));
  params.set('token', token);
  return `${path}?${params.toString()}${hash}`;
}

/** `url` carrying the current token, for links and sockets that cannot send headers. */
export function withAuthToken(url: string): string {
  return addTokenParam(url, state.token);
}
