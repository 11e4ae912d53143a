import type { PersistStorage } from 'zustand/middleware';

// Where the dashboard's token is kept, apart from the store that holds it
// (./auth-token.ts): the app's early entry (src/app/early-start.ts) reads it to
// sign the page's first reads, and must not load zustand and React to do so.

export const storageKey = 'tether-watch:auth-token';

/** What is kept: the token, and whether it is remembered on this device. */
export interface StoredToken {
  token: string | null;
  remembered: boolean;
}

function browserStorage(kind: 'sessionStorage' | 'localStorage'): Storage | null {
  try {
    return typeof globalThis[kind] === 'undefined' ? null : globalThis[kind];
  } catch {
    // Storage disabled by the browser (privacy settings): keep the token in memory only.
    return null;
  }
}

/** The kept token and where it is, read straight from storage; null when none is kept. */
export function storedToken(): StoredToken | null {
  const session = browserStorage('sessionStorage')?.getItem(storageKey);
  if (session) return { token: session, remembered: false };
  const local = browserStorage('localStorage')?.getItem(storageKey);
  return local ? { token: local, remembered: true } : null;
}

/**
 * The token is stored bare (not as persist's JSON envelope), in sessionStorage
 * or, when remembered, in localStorage, never both: where it is says whether it
 * is remembered, and a token kept by an older build still signs in.
 */
export const tokenStorage: PersistStorage<StoredToken> = {
  getItem() {
    const stored = storedToken();
    return stored ? { state: stored } : null;
  },
  setItem(name, { state }) {
    try {
      const keep = state.remembered ? 'localStorage' : 'sessionStorage';
      const other = state.remembered ? 'sessionStorage' : 'localStorage';
      if (state.token === null) browserStorage(keep)?.removeItem(name);
      else browserStorage(keep)?.setItem(name, state.token);
      browserStorage(other)?.removeItem(name);
    } catch {
      // Quota or privacy mode: the token still works for this page's lifetime.
    }
  },
  removeItem(name) {
    browserStorage('sessionStorage')?.removeItem(name);
    browserStorage('localStorage')?.removeItem(name);
  },
};

/** `{Authorization: 'Bearer …'}` when there is a token, else nothing. */
export function bearerHeaders(token: string | null): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}
