import { clearAuthToken, useAuthState } from '../../../lib/settings/auth-token';
import { queryClient } from '../../../lib/api/query-client';

/** Shown while a token is kept: forgets it (tab and device) and drops the data it fetched. */
export function SignOutButton() {
  const { token, remembered } = useAuthState();
  if (token === null) return null;
  const signOut = () => {
    clearAuthToken();
    // Back to the initial state and refetched: what the token fetched leaves the page (the refetch is refused, behind the prompt).
    void queryClient.resetQueries();
  };
  return (
    <button
      type="button"
      className="button button--quiet"
      onClick={signOut}
      title={remembered ? 'Forget the token kept on this device' : 'Forget the token kept for this tab'}
    >
      Sign out
    </button>
  );
}
