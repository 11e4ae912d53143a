import { screen, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionListSchema } from '../../../protocol/api-schemas';
import { installDialogPolyfill } from '../../../test-support/dialog-polyfill';
import { sharedRealServer } from '../../../test-support/real-server';
import { renderApp } from '../../../test-support/render-app';

// Token entry against a real server that asks for tokens: the prompt opens when
// a read is refused, checks a token on the server before keeping it, says why a
// wrong one is refused, keeps a right one for the tab or the device, and
// "Sign out" forgets it and asks again.

const READ_TOKEN = 'read-token-for-component-tests';
const INGEST_TOKEN = 'ingest-token-for-component-tests';
// Tests change nothing on the server: one for the file.
sharedRealServer({ beforeAll, afterAll, beforeEach }, { env: { TETHER_READ_TOKENS: READ_TOKEN, TETHER_INGEST_TOKENS: INGEST_TOKEN } });

/**
 * The token store is module state (the live socket and every fetch read it), so
 * each test loads the modules afresh: nothing a test signed in with leaks into the next.
 */
async function loadAuthModules() {
  vi.resetModules();
  const [{ TokenPrompt }, { SignOutButton }, apiClient, authToken] = await Promise.all([
    import('./token-prompt'),
    import('./sign-out-button'),
    import('../../../lib/api/api-client'),
    import('../../../lib/settings/auth-token'),
  ]);
  /** A read through the app's own fetcher, which reports a 401 to the token store. */
  const readSessions = () => apiClient.apiGet('/sessions', sessionListSchema);
  return { TokenPrompt, SignOutButton, readSessions, authToken };
}

beforeEach(() => installDialogPolyfill());

describe('TokenPrompt', () => {
  it('stays closed until the server refuses a read, then asks for a token', async () => {
    const { TokenPrompt, readSessions } = await loadAuthModules();
    renderApp(<TokenPrompt />);
    expect(screen.queryByRole('dialog')).toBeNull();

    await expect(readSessions()).rejects.toMatchObject({ status: 401 });
    const dialog = await screen.findByRole('dialog', { name: 'Token required' });
    expect(within(dialog).getByLabelText('Read token')).toHaveProperty('type', 'password');
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  it('says why a token is refused: none, a wrong one, an ingest token', async () => {
    const { TokenPrompt, readSessions, authToken } = await loadAuthModules();
    const { user } = renderApp(<TokenPrompt />);
    await expect(readSessions()).rejects.toMatchObject({ status: 401 });
    const dialog = await screen.findByRole('dialog', { name: 'Token required' });
    const field = within(dialog).getByLabelText('Read token');
    const signIn = within(dialog).getByRole('button', { name: 'Sign in' });

    await user.click(signIn);
    expect(within(dialog).getByRole('alert').textContent).toBe('Enter a token.');
    expect(field.getAttribute('aria-invalid')).toBe('true');

    await user.type(field, 'not-a-token-this-server-knows');
    await user.click(signIn);
    await expect.poll(() => within(dialog).getByRole('alert').textContent).toBe('That token was not accepted. Check it and try again.');

    await user.clear(field);
    await user.type(field, INGEST_TOKEN);
    await user.click(signIn);
    await expect.poll(() => within(dialog).getByRole('alert').textContent).toBe('That token cannot read (it is an ingest token). Use a read token.');
    expect(authToken.getAuthToken()).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Token required' })).toBeTruthy();
  });

  it('keeps an accepted token for this tab only, and reads succeed with it', async () => {
    const { TokenPrompt, readSessions } = await loadAuthModules();
    const { user } = renderApp(<TokenPrompt />);
    await expect(readSessions()).rejects.toMatchObject({ status: 401 });
    const dialog = await screen.findByRole('dialog', { name: 'Token required' });

    await user.type(within(dialog).getByLabelText('Read token'), `  ${READ_TOKEN} `);
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    // Closed once the server accepted it (a refusal would say why in the dialog instead).
    await expect.poll(() => screen.queryByRole('dialog') && screen.queryByRole('alert')?.textContent).toBeNull();
    expect(sessionStorage.getItem('tether-watch:auth-token')).toBe(READ_TOKEN);
    expect(localStorage.getItem('tether-watch:auth-token')).toBeNull();
    await expect(readSessions()).resolves.toMatchObject({ sessions: [] });
  });

  it('"Remember on this device" keeps it in localStorage; "Sign out" forgets it and asks again', async () => {
    const { TokenPrompt, SignOutButton, readSessions } = await loadAuthModules();
    const { user } = renderApp(
      <>
        <SignOutButton />
        <TokenPrompt />
      </>,
    );
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    await expect(readSessions()).rejects.toMatchObject({ status: 401 });
    const dialog = await screen.findByRole('dialog', { name: 'Token required' });

    await user.type(within(dialog).getByLabelText('Read token'), READ_TOKEN);
    await user.click(within(dialog).getByRole('checkbox', { name: 'Remember on this device' }));
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    await expect.poll(() => localStorage.getItem('tether-watch:auth-token')).toBe(READ_TOKEN);
    expect(sessionStorage.getItem('tether-watch:auth-token')).toBeNull();

    const signOut = screen.getByRole('button', { name: 'Sign out' });
    expect(signOut.getAttribute('title')).toBe('Forget the token kept on this device');
    await user.click(signOut);
    expect(localStorage.getItem('tether-watch:auth-token')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(await screen.findByRole('dialog', { name: 'Token required' })).toBeTruthy();
    await expect(readSessions()).rejects.toMatchObject({ status: 401 });
  });
});
