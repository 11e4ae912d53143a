import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { budgetsReplySchema, sessionCostsReplySchema, usageReplySchema } from '#protocol/cost-schemas';
import { resolveConfig } from '../config';
import { uniqueSessionId } from '../test-support/event-factory';
import { postNdjson, startTestServer, testServers } from '../test-support/test-server';

const servers = testServers(afterEach);
const T0 = Date.UTC(2026, 10, 24, 13);
const minute = 60_000;
const hour = 60 * minute;

const ndjson = (events: readonly object[]) => events.map((e) => JSON.stringify(e)).join('\n');
const usage = (session: string, seq: number, ts: number, source: string, model: string, prompt: number, completion: number, cacheRead = 0) => ({
  session_id: session, seq, ts, type: 'token_usage', source, model, prompt_tokens: prompt, completion_tokens: completion,
  cache_read_tokens: cacheRead, duration_ms: 100,
});

/** acme/m1: 2 in / 8 out / 0.5 cache read until T0 + 1h, then 4 / 16 with no cache rate (cache reads at the input rate). */
function writePricesFile(entries: unknown = [
  { model: 'acme/m1', input_per_mtok: 2, output_per_mtok: 8, cache_read_per_mtok: 0.5, label: 'test contract' },
  { model: 'acme/m1', input_per_mtok: 4, output_per_mtok: 16, effective_from: new Date(T0 + hour).toISOString() },
]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tether-prices-')), 'prices.json');
  fs.writeFileSync(file, JSON.stringify(entries));
  return file;
}

async function request(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const putBudget = (url: string, session: string, body: unknown) =>
  request(`${url}/api/v1/budgets/${session}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('GET /api/v1/usage', () => {
  it('answers priced rows per group (the fixed point for tools), with the rules that applied', async () => {
    const { url } = await servers.start({ config: { pricesFile: writePricesFile() } });
    const a = uniqueSessionId('usage-a');
    const b = uniqueSessionId('usage-b');
    await postNdjson(url, ndjson([
      // (600 x 2 + 400 x 0.5 + 100 x 8) / 1e6 = $0.0022
      usage(a, 1, T0 + 5 * minute, 'root', 'acme/m1', 1000, 100, 400),
      // after the price change, cache reads at the input rate: (1,000 x 4 + 100 x 16) / 1e6 = $0.0056
      usage(a, 2, T0 + 65 * minute, 'root', 'acme/m1', 1000, 100, 400),
      // catalogue gpt-4o, 2.5 / 10: (3,000 x 2.5 + 200 x 10) / 1e6 = $0.0095
      usage(b, 1, T0 + 10 * minute, 'rlm_subcall', 'openai/gpt-4o', 3000, 200),
      // no price anywhere: 330 unpriced tokens
      usage(b, 2, T0 + 20 * minute, 'tool_embedded', 'acme/unknown', 300, 30),
    ]));

    const res = await request(`${url}/api/v1/usage?group_by=source,model&session=${a},${b}`);
    expect(res.status).toBe(200);
    const reply = usageReplySchema.parse(res.body);
    expect(reply.rows).toEqual([
      { source: 'rlm_subcall', model: 'openai/gpt-4o', prompt_tokens: 3000, completion_tokens: 200, cache_read_tokens: 0, cache_write_tokens: 0, calls: 1, cost_usd: expect.closeTo(0.0095, 12), unpriced_tokens: 0, usage_report_calls: 0, reported_cost_usd: null,
        cache_read_cost_usd: 0, cache_write_cost_usd: 0 },
      { source: 'root', model: 'acme/m1', prompt_tokens: 2000, completion_tokens: 200, cache_read_tokens: 800, cache_write_tokens: 0, calls: 2, cost_usd: expect.closeTo(0.0078, 12), unpriced_tokens: 0, usage_report_calls: 0, reported_cost_usd: null,
        // The cache part of that: 400 x 0.5 before the change, 400 x 4 (the input rate) after.
        cache_read_cost_usd: expect.closeTo(0.0018, 12), cache_write_cost_usd: 0 },
      { source: 'tool_embedded', model: 'acme/unknown', prompt_tokens: 300, completion_tokens: 30, cache_read_tokens: 0, cache_write_tokens: 0, calls: 1, cost_usd: null, unpriced_tokens: 330, usage_report_calls: 0, reported_cost_usd: null,
        cache_read_cost_usd: null, cache_write_cost_usd: null },
    ]);
    expect(reply.prices.map((r) => [r.model, r.kind, r.input_per_mtok, r.effective_from_ms])).toEqual([
      ['acme/m1', 'override', 2, null],
      ['acme/m1', 'override', 4, T0 + hour],
      ['acme/unknown', 'unpriced', null, null],
      ['openai/gpt-4o', 'catalogue', 2.5, null],
    ]);
  });

  it('reprices history when the prices file changes, with no re-ingest', async () => {
    const pricesFile = writePricesFile([{ model: 'acme/m1', input_per_mtok: 1, output_per_mtok: 1 }]);
    const { url } = await servers.start({ config: { pricesFile } });
    const a = uniqueSessionId('reprice');
    await postNdjson(url, ndjson([usage(a, 1, T0, 'root', 'acme/m1', 1_000_000, 0)]));
    const costNow = async () => usageReplySchema.parse((await request(`${url}/api/v1/usage?session=${a}`)).body).rows[0]!.cost_usd;
    await expect(costNow()).resolves.toBe(1);

    fs.writeFileSync(pricesFile, JSON.stringify([{ model: 'acme/m1', input_per_mtok: 3, output_per_mtok: 1 }]));
    const later = new Date(Date.now() + 10_000);
    fs.utimesSync(pricesFile, later, later);
    await expect(costNow()).resolves.toBe(3);
  });

  it("names each session of rows grouped by session (the Cost page's table reads no session list)", async () => {
    const { url } = await servers.start();
    const titled = uniqueSessionId('named');
    const untitled = uniqueSessionId('unnamed');
    await postNdjson(url, ndjson([
      { session_id: titled, seq: 1, ts: T0, type: 'session_sync', session: { id: titled, title: 'Fix the flaky test', agent: 'build' } },
      usage(titled, 2, T0 + minute, 'root', 'acme/m1', 100, 10),
      usage(titled, 3, T0 + hour + minute, 'root', 'openai/gpt-4o', 100, 10),
      usage(untitled, 1, T0 + minute, 'root', 'acme/m1', 50, 5),
    ]));
    // A month by session (the page's table) and hourly by source, model and session (the rollup's rows as they are).
    for (const query of [`group_by=session&session=${titled},${untitled}`, `group_by=source,model,session&bucket=1h&session=${titled},${untitled}`]) {
      const reply = usageReplySchema.parse((await request(`${url}/api/v1/usage?${query}`)).body);
      const names = new Set(reply.rows.map((r) => JSON.stringify([r.session_id, r.session_title, r.session_agent, r.session_producer])));
      expect([...names].sort(), query).toEqual(
        [JSON.stringify([titled, 'Fix the flaky test', 'build', null]), JSON.stringify([untitled, null, null, null])].sort(),
      );
    }
  });

  it('answers only the top rows by the metric asked for, with every row summed and how many there are (a fleet grouped by session)', async () => {
    const { url } = await servers.start({ config: { pricesFile: writePricesFile() } });
    const [cheap, dear, most, unpriced] = ['cheap', 'dear', 'most-tokens', 'unpriced'].map((name) => uniqueSessionId(`top-${name}`));
    await postNdjson(url, ndjson([
      // acme/m1 before the price change, 2 in / 8 out: $0.000012
      usage(cheap!, 1, T0, 'root', 'acme/m1', 2, 1),
      // gpt-4o, 2.5 / 10: $0.0035
      usage(dear!, 1, T0, 'root', 'openai/gpt-4o', 1_000, 100),
      // acme/m1: the most tokens, $0.0044 at 2 / 8
      usage(most!, 1, T0, 'root', 'acme/m1', 2_000, 50),
      // no price: the second most tokens, no cost
      usage(unpriced!, 1, T0, 'root', 'acme/unknown', 1_500, 0),
    ]));
    const sessions = [cheap, dear, most, unpriced].join(',');
    const all = usageReplySchema.parse((await request(`${url}/api/v1/usage?group_by=session&session=${sessions}`)).body);
    expect(all.total, 'no limit, no total').toBeUndefined();

    const byCost = usageReplySchema.parse((await request(`${url}/api/v1/usage?group_by=session&session=${sessions}&limit=2&order_by=cost`)).body);
    expect(byCost.rows.map((r) => r.session_id)).toEqual([most, dear]);
    expect(byCost.groups).toBe(4);
    // The total covers the rows left out too, the unpriced tokens among them.
    expect(byCost.total).toMatchObject({ prompt_tokens: 4_502, completion_tokens: 151, calls: 4, unpriced_tokens: 1_500, cost_usd: expect.closeTo(0.000012 + 0.0035 + 0.0044, 12) });
    expect(byCost.total!.session_id).toBeUndefined();

    const byTokens = usageReplySchema.parse((await request(`${url}/api/v1/usage?group_by=session&session=${sessions}&limit=3`)).body);
    expect(byTokens.rows.map((r) => r.session_id), 'total tokens by default').toEqual([most, unpriced, dear]);
    // The rows themselves are the unlimited reply's, to the token and the cent.
    expect(byTokens.rows).toEqual([most, unpriced, dear].map((id) => all.rows.find((r) => r.session_id === id)));
  });

  it('refuses bad parameters with 400 naming each', async () => {
    const { url } = await servers.start();
    for (const [query, parameter] of [
      ['group_by=source,colour', 'group_by.1'],
      ['bucket=5x', 'bucket'],
      ['source=root,cloud', 'source.1'],
      ['from=yesterday', 'from'],
      ['price=1', 'price'],
      ['limit=0', 'limit'],
      ['order_by=colour', 'order_by'],
      ['limit=10&bucket=1h', 'limit'],
    ]) {
      const res = await request(`${url}/api/v1/usage?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.issues, query).toEqual([expect.objectContaining({ parameter })]);
    }
  });
});

describe('GET /api/v1/session-costs', () => {
  it("answers each session's whole cost, unpriced tokens, burn rate over the last 15 minutes and last usage", async () => {
    const { url } = await servers.start({ config: { pricesFile: writePricesFile() } });
    const now = Date.now();
    const live = uniqueSessionId('live');
    const quiet = uniqueSessionId('quiet');
    const unpriced = uniqueSessionId('unpriced');
    await postNdjson(url, ndjson([
      // gpt-4o: (1,000 x 2.5 + 100 x 10) / 1e6 = $0.0035 each; the recent one is the burn: x 4 = $0.014 an hour
      usage(live, 1, now - 3 * hour, 'root', 'openai/gpt-4o', 1000, 100),
      usage(live, 2, now - 5 * minute, 'root', 'openai/gpt-4o', 1000, 100),
      // acme/m1 at the later price: (1,000 x 4 + 100 x 16) / 1e6 = $0.0056, nothing recent: burns $0
      usage(quiet, 1, now - 2 * hour, 'root', 'acme/m1', 1000, 100),
      usage(unpriced, 1, now - 40 * minute, 'root', 'acme/unknown', 1000, 100),
    ]));
    const second = (ms: number) => Math.floor(ms / 1000) * 1000;

    const res = await request(`${url}/api/v1/session-costs?session=${live},${quiet},${unpriced}`);
    expect(res.status).toBe(200);
    expect(sessionCostsReplySchema.parse(res.body).sessions).toEqual([
      { session_id: live, cost_usd: expect.closeTo(0.007, 12), unpriced_tokens: 0, burn_usd_per_h: expect.closeTo(0.014, 12), last_usage_ms: second(now - 5 * minute), reported_cost_usd: null, usage_report_calls: 0 },
      { session_id: unpriced, cost_usd: null, unpriced_tokens: 1100, burn_usd_per_h: null, last_usage_ms: second(now - 40 * minute), reported_cost_usd: null, usage_report_calls: 0 },
      { session_id: quiet, cost_usd: expect.closeTo(0.0056, 12), unpriced_tokens: 0, burn_usd_per_h: 0, last_usage_ms: second(now - 2 * hour), reported_cost_usd: null, usage_report_calls: 0 },
    ]);

    const active = await request(`${url}/api/v1/session-costs?session=${live},${quiet},${unpriced}&active_since=${now - 30 * minute}`);
    expect(sessionCostsReplySchema.parse(active.body).sessions.map((s) => s.session_id)).toEqual([live]);
  });

  it('refuses a bad active_since with 400 naming it', async () => {
    const { url } = await servers.start();
    const res = await request(`${url}/api/v1/session-costs?active_since=soon`);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ parameter: 'active_since' })]);
  });
});

describe('usage reports, labels and reported cost over HTTP (issues 11, 12)', () => {
  it('counts a usage-report-only session as root from usage reports, sums reported cost and groups by label', async () => {
    const { url } = await servers.start({ config: { pricesFile: writePricesFile() } });
    const reports = uniqueSessionId('reports');
    const labelled = uniqueSessionId('labelled');
    const report = (seq: number, prompt: number) => ({
      session_id: reports, seq, ts: T0 + seq * minute, type: 'usage_report', producer: 'codetether', model: 'acme/m1',
      prompt_tokens: prompt, completion_tokens: 10, duration_ms: 30,
    });
    await postNdjson(url, ndjson([
      report(1, 1000), report(2, 2000),
      { ...usage(labelled, 1, T0 + 5 * minute, 'root', 'acme/m1', 1000, 100), label: 'compact', reported_cost_usd: 0.5 },
      { ...usage(labelled, 2, T0 + 6 * minute, 'root', 'acme/m1', 1000, 100), label: 'compact', reported_cost_usd: 0.25 },
      usage(labelled, 3, T0 + 7 * minute, 'root', 'acme/m1', 1000, 100),
    ]));

    const bySession = usageReplySchema.parse((await request(`${url}/api/v1/usage?group_by=session,source&session=${reports},${labelled}`)).body).rows;
    expect(bySession.find((r) => r.session_id === reports)).toMatchObject({ source: 'root', prompt_tokens: 3000, calls: 2, usage_report_calls: 2, reported_cost_usd: null });
    expect(bySession.find((r) => r.session_id === labelled)).toMatchObject({ calls: 3, usage_report_calls: 0, reported_cost_usd: 0.75 });

    const byLabel = usageReplySchema.parse((await request(`${url}/api/v1/usage?group_by=label&session=${labelled}`)).body).rows;
    // (1,000 x 2 + 100 x 8) / 1e6 a call: our catalogue price beside what the producer reported.
    expect(byLabel.map((r) => [r.label, r.calls, r.reported_cost_usd, r.cost_usd])).toEqual([
      ['compact', 2, 0.75, expect.closeTo(0.0056, 12)],
      [null, 1, null, expect.closeTo(0.0028, 12)],
    ]);

    const costs = sessionCostsReplySchema.parse((await request(`${url}/api/v1/session-costs?session=${reports},${labelled}`)).body).sessions;
    expect(costs.find((c) => c.session_id === labelled)).toMatchObject({ reported_cost_usd: 0.75, usage_report_calls: 0 });
    expect(costs.find((c) => c.session_id === reports)).toMatchObject({ reported_cost_usd: null, usage_report_calls: 2 });

    const summary = (await request(`${url}/api/v1/sessions/${reports}`)).body;
    expect(summary).toMatchObject({ producer: 'codetether', usage_origin: 'usage_report', prompt_tokens: 3000 });
  });
});

describe('budgets', () => {
  it('lists an override of a session named __proto__ or constructor like any other (issue 13)', async () => {
    const { url } = await servers.start();
    for (const id of ['__proto__', 'constructor']) expect((await putBudget(url, id, { warn_usd: 2, limit_usd: null })).status).toBe(200);
    // JSON.parse makes `__proto__` an own key, as the wire has it.
    const text = await (await fetch(`${url}/api/v1/budgets`)).text();
    const sessions = (JSON.parse(text) as { sessions: Record<string, unknown> }).sessions;
    expect(Object.keys(sessions).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(sessions, '__proto__')?.value).toEqual({ warn_usd: 2, limit_usd: null });
  });

  it('serves the global default from configuration and stores, replaces and removes session overrides', async () => {
    const { url } = await servers.start({ config: { budgetWarnUsd: '5', budgetLimitUsd: '20' } });
    const s = uniqueSessionId('budget');
    expect(budgetsReplySchema.parse((await request(`${url}/api/v1/budgets`)).body)).toEqual({ global: { warn_usd: 5, limit_usd: 20 }, sessions: {} });

    expect(await putBudget(url, s, { warn_usd: 1.5, limit_usd: 3 })).toEqual({ status: 200, body: { warn_usd: 1.5, limit_usd: 3 } });
    expect(await putBudget(url, s, { warn_usd: null, limit_usd: 4 })).toEqual({ status: 200, body: { warn_usd: null, limit_usd: 4 } });
    expect((await request(`${url}/api/v1/budgets`)).body.sessions).toEqual({ [s]: { warn_usd: null, limit_usd: 4 } });

    await putBudget(url, s, { warn_usd: null, limit_usd: null });
    expect((await request(`${url}/api/v1/budgets`)).body.sessions).toEqual({});
  });

  it('refuses a bad budget with 400 naming the field, and stores nothing', async () => {
    const { url } = await servers.start();
    for (const [label, session, body, field] of [
      ['a negative threshold', 'bad-1', { warn_usd: -1, limit_usd: null }, 'warn_usd'],
      ['a string', 'bad-2', { warn_usd: null, limit_usd: '10' }, 'limit_usd'],
      ['a missing field', 'bad-3', { warn_usd: 1 }, 'limit_usd'],
      ['an unknown field', 'bad-4', { warn_usd: 1, limit_usd: 2, currency: 'EUR' }, 'currency'],
      ['a warning above the limit', 'bad-5', { warn_usd: 3, limit_usd: 2 }, 'warn_usd'],
    ] as const) {
      const res = await putBudget(url, session, body);
      expect(res.status, label).toBe(400);
      expect(res.body.issues, label).toEqual([expect.objectContaining({ field })]);
    }
    // The session id is a path parameter, named as query parameters are.
    const badId = await putBudget(url, 'no%20spaces', { warn_usd: 1, limit_usd: 2 });
    expect([badId.status, badId.body.error, badId.body.issues]).toEqual([400, 'invalid path parameters', [expect.objectContaining({ parameter: 'session_id' })]]);
    expect((await request(`${url}/api/v1/budgets`)).body.sessions).toEqual({});
  });
});

describe('cost configuration at start-up', () => {
  it('names the setting when a budget is not a positive number or the warning exceeds the limit', () => {
    expect(() => resolveConfig({}, { TETHER_BUDGET_LIMIT_USD: '-3' })).toThrow(/TETHER_BUDGET_LIMIT_USD: .*>0/);
    expect(() => resolveConfig({}, { TETHER_BUDGET_WARN_USD: 'lots' })).toThrow(/TETHER_BUDGET_WARN_USD: /);
    expect(() => resolveConfig({ budgetWarnUsd: '10' }, { TETHER_BUDGET_LIMIT_USD: '5' })).toThrow(
      /--budget-warn-usd: warn_usd \(10\) must not exceed limit_usd \(5\)/,
    );
  });

  it('refuses to start on an invalid prices file, naming the entry and the field', async () => {
    const pricesFile = writePricesFile([{ model: 'acme/m1', input_per_mtok: 1, output_per_mtok: 'free' }]);
    await expect(startTestServer({ config: { pricesFile } })).rejects.toThrow(/entry 1 of 1 \(model "acme\/m1"\): field `output_per_mtok`/);
  });
});
