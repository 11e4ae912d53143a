import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertPageSchema } from '#protocol/alert-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { startTestServer, waitFor } from '../test-support/test-server';
import { noPostgres } from '../test-support/postgres/postgres-availability';
import { createTempDatabase, type TempDatabase } from '../test-support/postgres/temp-database';
import { startWebhookReceiver } from '../test-support/webhook-receiver';

// Two replicas on one PostgreSQL database both see the same stalled session on
// their sweeps: the database lets one alert through and one webhook delivery.

describe.skipIf(noPostgres)('alerts shared by two replicas on PostgreSQL', () => {
  let db: TempDatabase;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const servers: Awaited<ReturnType<typeof startTestServer>>[] = [];

  beforeAll(async () => {
    db = await createTempDatabase();
    receiver = await startWebhookReceiver();
    for (let i = 0; i < 2; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-alert-replica-'));
      fs.writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify({ sweep_interval_ms: 50, kinds: { stalled: { after_ms: 60_000 } } }));
      servers.push(await startTestServer({ dir, config: { databaseUrl: db.url, alertsFile: path.join(dir, 'alerts.json'), alertWebhooks: receiver.url } }));
    }
  });
  afterAll(async () => {
    for (const s of servers) await s.server.close();
    await receiver?.close();
    await db?.drop();
  });

  it('fires one alert and sends one webhook however many replicas see the condition', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const sessionIds = Array.from({ length: 5 }, () => uniqueSessionId('replicas'));
    const events = sessionIds.map((id) => JSON.stringify(sessionEvents(id)('thinking_complete', { ts: Date.now() - 5 * 60_000 })));
    const res = await fetch(`${a.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: events.join('\n') });
    expect(res.status).toBe(200);
    const stalled = async (url: string) => alertPageSchema.parse(await (await fetch(`${url}/api/v1/alerts?kind=stalled&limit=500`)).json()).records;
    await waitFor(async () => (await stalled(b.url)).length === 5, 'five stalled alerts', 10_000);
    // Many sweeps on both replicas later: still one per session, one delivery each.
    await new Promise((r) => setTimeout(r, 1000));
    await Promise.all(servers.map((s) => s.server.alerts.settled()));
    const records = await stalled(a.url);
    expect(records.map((r) => r.session_id).toSorted()).toEqual(sessionIds.toSorted());
    await waitFor(() => receiver.received.length >= 5, 'five deliveries');
    await new Promise((r) => setTimeout(r, 500));
    const deliveredIds = receiver.received.map((r) => (JSON.parse(r.body) as { id: number }).id);
    expect(deliveredIds.toSorted()).toEqual(records.map((r) => r.id).toSorted());
  });
});
