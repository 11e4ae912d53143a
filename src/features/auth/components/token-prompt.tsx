import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { setAuthToken, useAuthState } from '../../../lib/settings/auth-token';
import { queryClient } from '../../../lib/api/query-client';
import { verifyToken } from '../api/verify-token';

/**
 * Asks for a read token when the server answered 401 (or 403: a token of the
 * wrong scope). A modal <dialog>: focus moves into it and the page behind is
 * inert until a token is accepted; Escape does not dismiss it, since nothing
 * behind it can load without one.
 */
export function TokenPrompt() {
  const { required, problem, token: tokenInUse } = useAuthState();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (required && !dialog.open) dialog.showModal();
    if (!required && dialog.open) dialog.close();
  }, [required]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const candidate = token.trim();
    if (!candidate) {
      setError('Enter a token.');
      return;
    }
    setChecking(true);
    const check = await verifyToken(candidate);
    setChecking(false);
    if (!check.ok) {
      setError(check.message);
      return;
    }
    setError(null);
    setToken('');
    setAuthToken(candidate, { remember });
    // Everything that failed for want of the token loads again.
    void queryClient.invalidateQueries();
  };

  // A token kept from before that the server now refuses (tokens changed since) is said so.
  const shownError = error ?? problem ?? (tokenInUse ? 'The saved token is no longer accepted. Enter a current one.' : null);
  return (
    <dialog
      ref={dialogRef}
      className="token-prompt"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-help`}
      onCancel={(event) => event.preventDefault()}
    >
      <form className="token-prompt__form" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id={`${ids}-title`}>Token required</h2>
        <p id={`${ids}-help`} className="token-prompt__help">
          This server asks for a read token. Its operator sets them with <code>TETHER_READ_TOKENS</code> or a tokens file.
        </p>
        <div className="field">
          <label htmlFor={`${ids}-token`}>Read token</label>
          <input
            id={`${ids}-token`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(event) => setToken(event.target.value)}
            aria-invalid={shownError ? true : undefined}
            aria-describedby={shownError ? `${ids}-error` : undefined}
          />
        </div>
        <label className="token-prompt__remember">
          <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.target.checked)} />
          Remember on this device
        </label>
        {shownError && (
          <p id={`${ids}-error`} className="token-prompt__error" role="alert">
            {shownError}
          </p>
        )}
        <div className="token-prompt__actions">
          <button type="submit" className="button token-prompt__submit" disabled={checking}>
            {checking ? 'Checking…' : 'Sign in'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
