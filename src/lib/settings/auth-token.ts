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

import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { bearerHeaders, storageKey, tokenStorage } from './auth-token-storage';

export interface AuthState {
  token: string | null;
  /** Where the token is kept: `local` survives closing the browser. */
  remembered: boolean;
  /** The server refused the request for want of a (valid) token. */
  required: boolean;
  /** Why, when the server said more than "no token" (e.g. a token of the wrong scope). */
  problem: string | null;
}

/** Outside React too: the live socket and every fetch read it. */
const useAuthStore = create<AuthState>()(
  persist((): AuthState => ({ token: null, remembered: false, required: false, problem: null }), {
    name: storageKey,
    storage: tokenStorage,
    partialize: ({ token, remembered }) => ({ token, remembered }),
  }),
);

/** The current state; the same object until something changes (useSyncExternalStore needs that). */
export function getAuthState(): AuthState {
  return useAuthStore.getState();
}

export function subscribeAuthState(listener: () => void): () => void {
  return useAuthStore.subscribe(listener);
}

/** The token state as a hook. */
export function useAuthState(): AuthState {
  return useAuthStore();
}

export function getAuthToken(): string | null {
  return useAuthStore.getState().token;
}

/** Keeps `token` for this tab, or on this device when `remember`; clears the other place. */
export function setAuthToken(token: string, options: { remember?: boolean } = {}): void {
  useAuthStore.setState({ token, remembered: options.remember ?? false, required: false, problem: null });
}

/** Sign out: forgets the token everywhere; the prompt shows again. */
export function clearAuthToken(): void {
  useAuthStore.setState({ token: null, remembered: false, required: true, problem: null });
}

/** Called on any 401 (the token is missing or no longer accepted) or 403 (`problem`: wrong scope). */
export function reportUnauthorized(problem?: string): void {
  const next = problem ?? null;
  const state = useAuthStore.getState();
  if (!state.required || state.problem !== next) useAuthStore.setState({ required: true, problem: next });
}

/** `{Authorization: 'Bearer …'}` when a token is set, else nothing. */
export function authHeaders(token: string | null = getAuthToken()): Record<string, string> {
  return bearerHeaders(token);
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
  return addTokenParam(url, getAuthToken());
}
