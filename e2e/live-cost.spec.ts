import { expect, test } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';
import { ScriptedSession } from './support/scripted-session';

// Issue 15, "cost that is never stale": the session header's cost moves with
// the tokens (the server pushes it with the summary), reaches the final figure
// right after `done` with no poll, and while the connection is down it is
// greyed with the time it was last current instead of posing as live.

let server: ServerProcess;

test.beforeAll(async () => {
  server = await startServerProcess();
});

test.afterAll(async () => {
  await server?.stop();
});

async function apiCost(sessionId: string): Promise<number> {
  const reply = (await (await fetch(`${server.url}/api/v1/session-costs?session=${sessionId}`)).json()) as { sessions: { cost_usd: number }[] };
  return reply.sessions[0]!.cost_usd;
}

test('the header cost follows every token_usage, ends exact after done, and says "as of" while disconnected', async ({ page }) => {
  test.setTimeout(90_000);
  const session = await ScriptedSession.open(server.wsUrl, 'live-cost');
  // openai/gpt-4o is in the catalogue: 2.50 in, 10 out per million tokens.
  const usage = (prompt: number, completion: number) => ({ source: 'root' as const, model: 'openai/gpt-4o', prompt_tokens: prompt, completion_tokens: completion, cache_read_tokens: 0 });
  session.emit('session_sync', { session: { id: session.sessionId, title: 'Live cost', agent: 'build' } }).emit('token_usage', usage(100_000, 10_000));
  await session.acked();

  await page.goto(`${server.url}/sessions/${session.sessionId}`);
  const cost = page.locator('[data-fact="cost"] dd');
  await expect(cost).toContainText('$0.35');

  // The last usage and done together; the cost poll (every 5 s, only while running) would never see it.
  session.emit('token_usage', usage(200_000, 20_000)).emit('done');
  await session.acked();
  await expect(cost).toContainText('$1.05', { timeout: 3_000 });
  expect(await apiCost(session.sessionId)).toBeCloseTo(1.05, 9);

  await server.stop();
  await expect(cost.locator('[data-frozen="true"]')).toBeVisible({ timeout: 15_000 });
  await expect(cost).toContainText(/as of .*\d\d:\d\d:\d\d/);
  await expect(page.locator('[data-fact="cost"] dd .cost-cell__usd')).toHaveText('$1.05');

  server = await startServerProcess({ dir: server.dir, port: server.port });
  await expect(cost.locator('[data-frozen="true"]')).toHaveCount(0, { timeout: 30_000 });
  await expect(cost).toContainText('$1.05');
  await session.close();
});
