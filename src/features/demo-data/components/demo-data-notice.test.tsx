import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionEvents, uniqueSessionId } from '../../../../server/test-support/event-factory';
import { DEMO_PRODUCER } from '../../../protocol/demo-producer';
import { demoDataStatusSchema } from '../../../protocol/demo-data-schemas';
import { sessionListSchema } from '../../../protocol/api-schemas';
import { realServers, sendEvents } from '../../../test-support/real-server';
import { renderApp } from '../../../test-support/render-app';
import { DemoDataNotice } from './demo-data-notice';

// The demo-data notice against the real server: shown while demo sessions are
// stored, asks before removing, removes them (and only them) on the server,
// says what went, and says why when removing fails.

const servers = realServers(afterEach);

/**
 * Two demo sessions and one real session, on a server that runs no demo. Each
 * demo session has a stored event (\`done\`) and a live-only one (\`thinking\`),
 * which removing does not count: 2 stored events go.
 */
async function serverWithDemoSessions() {
  const server = await servers.start();
  const real = uniqueSessionId('real');
  for (const label of ['demo-a', 'demo-b']) {
    const e = sessionEvents(uniqueSessionId(label));
    await sendEvents(server.url, [e('thinking', { producer: DEMO_PRODUCER }), e('done', { producer: DEMO_PRODUCER })]);
  }
  await sendEvents(server.url, [sessionEvents(real)('done')]);
  return { server, real };
}

async function getJson<T>(serverUrl: string, path: string, parse: (body: unknown) => T): Promise<T> {
  return parse(await (await fetch(new URL(path, serverUrl))).json());
}

describe('DemoDataNotice', () => {
  it('says nothing while no demo session is stored', async () => {
    const server = await servers.start();
    await sendEvents(server.url, [sessionEvents(uniqueSessionId('real'))('done')]);
    const { queryClient, container } = renderApp(<DemoDataNotice />);
    // Wait for the server's answer (0 sessions), not for an absence that holds before it too.
    await expect.poll(() => queryClient.getQueryState(['demo-data', 'status'])?.status).toBe('success');
    expect(container.textContent).toBe('');
  });

  it('asks before removing, and Cancel keeps everything', async () => {
    const { server } = await serverWithDemoSessions();
    const { user } = renderApp(<DemoDataNotice />);
    const notice = await screen.findByRole('region', { name: 'Demo data' });

    await user.click(within(notice).getByRole('button', { name: 'Remove demo data' }));
    const confirm = within(notice).getByRole('group', { name: 'Confirm removing demo data' });
    expect(confirm.textContent).toContain('Remove 2 demo sessions?');
    expect(confirm.textContent).not.toContain('stop the running demo');

    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(within(notice).queryByRole('group')).toBeNull();
    expect(within(notice).getByRole('button', { name: 'Remove demo data' })).toBeTruthy();
    expect((await getJson(server.url, '/api/v1/demo-data', (b) => demoDataStatusSchema.parse(b))).sessions).toBe(2);
  });

  it('removes the demo sessions on the server, keeps the real one, says what went, and is dismissed', async () => {
    const { server, real } = await serverWithDemoSessions();
    const { user, container } = renderApp(<DemoDataNotice />);
    await user.click(await screen.findByRole('button', { name: 'Remove demo data' }));
    await user.click(screen.getByRole('button', { name: 'Remove' }));

    const result = await screen.findByRole('status');
    expect(result.textContent).toContain('Removed 2 demo sessions (2 stored events).');
    expect(result.textContent).not.toContain('The demo was stopped');
    expect((await getJson(server.url, '/api/v1/demo-data', (b) => demoDataStatusSchema.parse(b))).sessions).toBe(0);
    const left = await getJson(server.url, '/api/v1/sessions', (b) => sessionListSchema.parse(b));
    expect(left.sessions.map((s) => s.session_id)).toEqual([real]);

    await user.click(within(result).getByRole('button', { name: 'Dismiss' }));
    expect(container.textContent).toBe('');
  });

  it('names stopping the running demo when the server runs one, and says it stopped', async () => {
    const server = await servers.start({ demo: true });
    const { user } = renderApp(<DemoDataNotice />);
    // The demo starts its sessions after the server: the notice appears on a later refresh (every 10 s) or at once.
    await user.click(await screen.findByRole('button', { name: 'Remove demo data' }, { timeout: 15_000 }));
    expect(screen.getByRole('group', { name: 'Confirm removing demo data' }).textContent).toMatch(/Remove \d+ demo sessions? and stop the running demo\?/);

    await user.click(screen.getByRole('button', { name: 'Remove' }));
    expect((await screen.findByRole('status')).textContent).toContain('The demo was stopped; start the server again to bring it back.');
    const status = await getJson(server.url, '/api/v1/demo-data', (b) => demoDataStatusSchema.parse(b));
    expect(status).toMatchObject({ sessions: 0, demo_running: false });
  });

  it('says why when the server cannot be reached, and lets the operator try again', async () => {
    const { server } = await serverWithDemoSessions();
    const { user } = renderApp(<DemoDataNotice />);
    await user.click(await screen.findByRole('button', { name: 'Remove demo data' }));
    await server.stop();

    await user.click(screen.getByRole('button', { name: 'Remove' }));
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toMatch(/^Demo data could not be removed: .*\S/);
    // Still asking, with Remove enabled again for another try.
    expect(screen.getByRole('button', { name: 'Remove' })).toHaveProperty('disabled', false);
  });
});
