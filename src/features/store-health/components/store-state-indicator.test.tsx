import fs from 'node:fs';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { realServers } from '../../../test-support/real-server';
import { renderApp } from '../../../test-support/render-app';
import { StoreStateIndicator } from './store-state-indicator';

// The header's store indicator against the real server: silent while the store
// takes events; when its SQLite file is deleted under it (issue 13) the server's
// health says so within seconds, and the indicator raises an alert with the reason.

const servers = realServers(afterEach);

describe('StoreStateIndicator', () => {
  it('shows nothing while the store takes events', async () => {
    await servers.start();
    const { queryClient, container } = renderApp(<StoreStateIndicator />);
    // The server has answered (writable), not merely not yet.
    await expect.poll(() => queryClient.getQueryData<{ store_state?: { writable: boolean } }>(['health'])?.store_state?.writable).toBe(true);
    expect(container.textContent).toBe('');
  });

  it('raises an alert naming the problem once the database file is deleted', async () => {
    const server = await servers.start();
    renderApp(<StoreStateIndicator />);
    fs.rmSync(server.dbPath);

    // The server checks its file every 2 s and the header asks every 5 s.
    const alert = await screen.findByRole('alert', {}, { timeout: 15_000 });
    expect(alert.textContent).toBe('Store refusing events');
    const indicator = alert.closest('[title]')!;
    expect(indicator.getAttribute('title')).toMatch(/database file .* deleted/);
    // The reason is read to screen readers too, not only in the tooltip.
    expect(indicator.textContent).toContain(indicator.getAttribute('title'));
  });
});
