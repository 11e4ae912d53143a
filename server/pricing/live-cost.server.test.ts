import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionListSchema, sessionSummarySchema, type SessionSummary } from '#protocol/api-schemas';
import { sessionCostsReplySchema, usageReplySchema } from '#protocol/cost-schemas';
import type { LiveServerMessage } from '#protocol/live-messages';
import { uniqueSessionId } from '../test-support/event-factory';
import { openLiveClient, openProducer, testServers, waitFor } from '../test-support/test-server';

// Issue 15, "cost that is never stale": the overview row (the list and its live
// pushes), the session header (the session and its pushes), `/session-costs`
// and `/usage?group_by=session` give one cost, right after `done` and after a
// price change, with no poll in between.

const servers = testServers(afterEach);
const hour = 3_600_000;
const T0 = Date.UTC(2026, 11, 3, 9);

function writePricesFile(inputPerMtok: number, file?: string): string {
  const target = file ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tether-prices-')), 'prices.json');
  fs.writeFileSync(target, JSON.stringify([{ model: 'acme/m1', input_per_mtok: inputPerMtok, output_per_mtok: 8, cache_read_per_mtok: 0.5 }]));
  return target;
}

const usage = (session: string, seq: number, ts: number, prompt: number, completion: number, cacheRead = 0) => ({
  session_id: session, seq, ts, type: 'token_usage', source: 'root', model: 'acme/m1',
  prompt_tokens: prompt, completion_tokens: completion, cache_read_tokens: cacheRead, duration_ms: 100,
});

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.json();
}

/** The cost each of the four places shows for `session`, read one after another with nothing in between. */
async function costsEverywhere(url: string, session: string) {
  const row = sessionListSchema.parse(await getJson(`${url}/api/v1/sessions?q=${session}`)).sessions.find((s) => s.session_id === session);
  const header = sessionSummarySchema.parse(await getJson(`${url}/api/v1/sessions/${session}`));
  const costs = sessionCostsReplySchema.parse(await getJson(`${url}/api/v1/session-costs?session=${session}`)).sessions[0];
  const usageRow = usageReplySchema.parse(await getJson(`${url}/api/v1/usage?group_by=session&session=${session}`)).rows[0];
  return { row: row?.cost_usd, header: header.cost_usd, sessionCosts: costs?.cost_usd, usage: usageRow?.cost_usd };
}

function lastPushed(messages: readonly LiveServerMessage[], session: string): SessionSummary | undefined {
  let last: SessionSummary | undefined;
  for (const m of messages) {
    if (m.kind !== 'sessions') continue;
    for (const s of m.sessions) if (s.session_id === session) last = s;
  }
  return last;
}

describe('the cost travelling with the live data', () => {
  it('is the same in the list, the session, its pushes, /session-costs and /usage right after done', async () => {
    const prices = writePricesFile(2);
    const { url, wsUrl } = await servers.start({ config: { pricesFile: prices } });
    const session = uniqueSessionId('live-cost');
    const browser = await openLiveClient(wsUrl);
    const producer = await openProducer(wsUrl);

    // Two hours of usage at one price: (1,000 x 2 + 100 x 8) / 1e6 and (600 x 2 + 400 x 0.5 + 50 x 8) / 1e6.
    await producer.send([usage(session, 1, T0 + 5 * 60_000, 1000, 100), usage(session, 2, T0 + hour + 60_000, 1000, 50, 400)]);
    const afterUsage = await waitFor(() => lastPushed(browser.messages, session)?.cost_usd, 'the first priced push');
    expect(afterUsage).toBeCloseTo(0.0028 + 0.0018, 12);

    // The last usage and `done` in one frame: no cost poll could catch the end any more.
    await producer.send([usage(session, 3, T0 + hour + 120_000, 500, 500), { session_id: session, seq: 4, ts: T0 + hour + 121_000, type: 'done' }]);
    const expected = 0.0028 + 0.0018 + (500 * 2 + 500 * 8) / 1e6;
    // Straight after the acknowledgement, before any push: the reads price what is committed.
    const right = await costsEverywhere(url, session);
    for (const value of Object.values(right)) expect(value).toBeCloseTo(expected, 12);

    const pushed = await waitFor(() => {
      const s = lastPushed(browser.messages, session);
      return s?.status === 'done' && s.cost_usd !== afterUsage ? s : null;
    }, 'the push after done');
    expect(pushed.cost_usd).toBeCloseTo(expected, 12);
    expect(pushed.prompt_tokens).toBe(2500);
    browser.socket.close();
    producer.socket.close();
  });

  it('reprices every place when the prices change, with no new usage', async () => {
    const prices = writePricesFile(2);
    const { url, wsUrl } = await servers.start({ config: { pricesFile: prices } });
    const session = uniqueSessionId('reprice');
    const producer = await openProducer(wsUrl);
    await producer.send([usage(session, 1, T0, 1_000_000, 0), { session_id: session, seq: 2, ts: T0 + 1, type: 'done' }]);
    expect((await costsEverywhere(url, session)).header).toBeCloseTo(2, 12);

    // A later mtime and another size, as an edit would give.
    writePricesFile(3.25, prices);
    fs.utimesSync(prices, new Date(), new Date(Date.now() + 5_000));
    const repriced = await costsEverywhere(url, session);
    for (const value of Object.values(repriced)) expect(value).toBeCloseTo(3.25, 12);
    // The list sorts by the stored column: the background repricing brings it along.
    await waitFor(async () => {
      const list = sessionListSchema.parse(await getJson(`${url}/api/v1/sessions?sort=cost&order=desc&limit=1`));
      return list.sessions[0]?.session_id === session && Math.abs(list.sessions[0].cost_usd! - 3.25) < 1e-9;
    }, 'the sort column repriced');
    producer.socket.close();
  });
});
