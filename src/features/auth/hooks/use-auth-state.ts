import { useSyncExternalStore } from 'react';
import { getAuthState, subscribeAuthState, type AuthState } from '../../../lib/auth-token';

/** The token state (kept outside React, since the live socket and fetchers read it too). */
export function useAuthState(): AuthState {
  return useSyncExternalStore(subscribeAuthState, getAuthState, getAuthState);
}
