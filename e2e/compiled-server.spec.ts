import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { startServerProcess } from '../server/test-support/server-process';
import { ScriptedSession } from './support/scripted-session';

// Issue 16: `npm start` runs the server built to JavaScript (dist-server/, by
// `npm run build`), with plain node and no TypeScript loader. This starts that
// build as users do and drives every part that runs apart from the main
// bundle: the validation worker (producer frames), the OTLP worker, the SPA.

test('the production build serves the API, both workers and the dashboard with plain node', async ({ page }) => {
  expect(fs.existsSync('dist-server/cli.mjs'), 'run `npm run build` first').toBe(true);
  const server = await startServerProcess({ compiled: true });
  try {
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);

    // Producer frames go through the validation worker.
    const session = await ScriptedSession.open(server.wsUrl, 'compiled');
    session.emit('session_sync', { session: { id: session.sessionId, title: 'Compiled server' } }).emit('text_complete', { text: 'Served by dist-server.' });
    await session.acked();
    await session.close();

    // OTLP/JSON goes through the OTLP worker; an empty export is a valid one.
    const otlp = await fetch(`${server.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceLogs":[]}' });
    expect(otlp.status).toBe(200);

    await page.goto(`${server.url}/sessions/${session.sessionId}`);
    await expect(page.getByRole('heading', { name: 'Compiled server' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Transcript' }).getByText('Served by dist-server.')).toBeVisible();
  } finally {
    await server.stop();
  }
});
