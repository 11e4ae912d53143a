import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionCostsReplySchema, usageReplySchema } from '#protocol/cost-schemas';
import { demoDataRemovalSchema, demoDataStatusSchema } from '#protocol/demo-data-schemas';
import { startDemo } from '../demo/demo-runner';
import { uniqueSessionId } from '../test-support/event-factory';
import { testServers, waitFor } from '../test-support/test-server';

// `/api/v1/demo-data` on the real server, with the real demo sending over the ingest
// socket: its sessions are counted, kept out of the totals, and removed in one step
// that stops the demo first (else it would refill them).

const servers = testServers(afterEach);
const readToken = 'read-token-0123456789abcdef';
const ingestToken = 'ingest-token-0123456789abcdef';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function getJson(url: string) {
  const res = await fetch(url, { headers: auth(readToken) });
  expect(res.status).toBe(200);
  return (await res.json()) as unknown;
}

describe('/api/v1/demo-data', () => {
  it('DELETE takes a read token, like every other write from the dashboard', async () => {
    const { url } = await servers.start({ config: { readTokens: readToken, ingestTokens: ingestToken } });
    const remove = (headers: Record<string, string>) => fetch(`${url}/api/v1/demo-data`, { method: 'DELETE', headers }).then((r) => r.status);
    expect(await remove({})).toBe(401);
    expect(await remove(auth(ingestToken))).toBe(403);
    expect(await remove(auth(readToken))).toBe(200);
  });

  it('counts the running demo, leaves it out of costs, then stops it and removes all it stored', async () => {
    const { url, wsUrl, server } = await servers.start({ config: { readTokens: readToken, ingestTokens: ingestToken } });
    const real = uniqueSessionId('real');
    const ingest = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', ...auth(ingestToken) },
      body: JSON.stringify({ session_id: real, seq: 1, ts: Date.now(), type: 'token_usage', source: 'root', model: 'openai/gpt-4o', prompt_tokens: 1000, completion_tokens: 100, duration_ms: 5 }),
    });
    expect(ingest.status).toBe(200);

    const demo = startDemo({ url: `${wsUrl}/api/v1/ingest`, token: ingestToken, log: pino({ level: 'silent' }), sessions: 3, speed: 50, history: 3, seed: 7 });
    server.demo.attach(demo);
    // The history sessions (finished, with usage) arrive first.
    await waitFor(async () => demoDataStatusSchema.parse(await getJson(`${url}/api/v1/demo-data`)).sessions >= 3, 'demo sessions stored', 15_000);
    expect(demoDataStatusSchema.parse(await getJson(`${url}/api/v1/demo-data`)).demo_running).toBe(true);

    // Left out of the totals unless asked for.
    const promptOf = async (query: string) =>
      usageReplySchema.parse(await getJson(`${url}/api/v1/usage${query}`)).rows.reduce((sum, row) => sum + row.prompt_tokens, 0);
    expect(await promptOf('')).toBe(1000);
    expect(await promptOf('?include_demo=true')).toBeGreaterThan(1000);
    const costs = sessionCostsReplySchema.parse(await getJson(`${url}/api/v1/session-costs`)).sessions;
    expect(costs.map((c) => c.session_id)).toEqual([real]);

    const res = await fetch(`${url}/api/v1/demo-data`, { method: 'DELETE', headers: auth(readToken) });
    expect(res.status).toBe(200);
    const removed = demoDataRemovalSchema.parse(await res.json());
    expect(removed.demo_stopped).toBe(true);
    expect(removed.removed_sessions).toBeGreaterThanOrEqual(3);
    expect(removed.removed_events).toBeGreaterThan(0);

    expect(demoDataStatusSchema.parse(await getJson(`${url}/api/v1/demo-data`))).toEqual({ sessions: 0, demo_running: false });
    expect(await promptOf('?include_demo=true')).toBe(1000);
    const costsAfter = sessionCostsReplySchema.parse(await getJson(`${url}/api/v1/session-costs?include_demo=true`)).sessions;
    expect(costsAfter.map((c) => c.session_id)).toEqual([real]);
    expect(await server.store.sessionCount()).toBe(1);

    // Removing again: nothing left, and no demo to stop.
    const again = demoDataRemovalSchema.parse(await (await fetch(`${url}/api/v1/demo-data`, { method: 'DELETE', headers: auth(readToken) })).json());
    expect(again).toEqual({ removed_sessions: 0, removed_events: 0, demo_stopped: false });
  });
});
