import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertPageSchema, type AlertKind, type AlertRecord } from '#protocol/alert-schemas';
import type { SessionEvent } from '#protocol/event-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { startTestServer, waitFor } from '../test-support/test-server';
import { noPostgres } from '../test-support/postgres/postgres-availability';
import { createTempDatabase, type TempDatabase } from '../test-support/postgres/temp-database';
import { startWebhookReceiver } from '../test-support/webhook-receiver';

// Every alert condition against the real server on a free port with a temporary
// database: it fires once (however often its trigger repeats), survives a
// restart without firing or sending again, clears, stays cleared across a
// restart, and fires anew when it happens again. Once on SQLite, once on
// PostgreSQL (when one answers on loopback).

type Emit = ReturnType<typeof sessionEvents>;
type Server = Awaited<ReturnType<typeof startTestServer>>;

interface Scenario {
  kind: AlertKind;
  /** Run before the trigger (budgets). */
  setup?: (url: string, sessionId: string) => Promise<void>;
  trigger: (e: Emit) => SessionEvent[];
  clear: (e: Emit, url: string, sessionId: string) => Promise<SessionEvent[]>;
}

const minute = 60_000;
const usage = (e: Emit, prompt: number) => e('token_usage', { prompt_tokens: prompt, completion_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 });
const putBudget = async (url: string, sessionId: string, budget: { warn_usd: number | null; limit_usd: number | null }) => {
  const res = await fetch(`${url}/api/v1/budgets/${sessionId}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(budget) });
  expect(res.status).toBe(200);
};

const scenarios: Scenario[] = [
  { kind: 'approval_waiting', trigger: (e) => [e('approval_request')], clear: async (e) => [e('approval_decision')] },
  // A new turn ends the error (text flowing again), as the dashboard's status reads it (src/protocol/session-activity.ts).
  { kind: 'error', trigger: (e) => [e('error', { error: 'boom' })], clear: async (e) => [e('text_chunk')] },
  // Silent for 2 minutes (stalled after 1 in this file), not yet the 30 of abandoned.
  { kind: 'stalled', trigger: (e) => [e('thinking_complete', { ts: Date.now() - 2 * minute })], clear: async (e) => [e('thinking_complete')] },
  { kind: 'abandoned', trigger: (e) => [e('thinking_complete', { ts: Date.now() - 31 * minute })], clear: async (e) => [e('thinking_complete')] },
  {
    kind: 'budget_warn',
    // The global warning is $0.01; 100k prompt tokens of claude-sonnet-4-5 cost $0.30.
    trigger: (e) => [usage(e, 100_000)],
    clear: async (e, url, id) => {
      await putBudget(url, id, { warn_usd: 100, limit_usd: null });
      return [usage(e, 10)];
    },
  },
  {
    kind: 'budget_limit',
    setup: (url, id) => putBudget(url, id, { warn_usd: null, limit_usd: 0.05 }),
    trigger: (e) => [usage(e, 100_000)],
    clear: async (e, url, id) => {
      await putBudget(url, id, { warn_usd: 100, limit_usd: 200 });
      return [usage(e, 10)];
    },
  },
  {
    kind: 'context_over_budget',
    trigger: (e) => [e('token_estimate', { request_tokens: 130_000, budget: 128_000 })],
    clear: async (e) => [e('token_estimate', { request_tokens: 20_000, budget: 128_000 })],
  },
  { kind: 'context_lost', trigger: (e) => [e('context_truncated')], clear: async (e) => [e('compaction_completed', { strategy: 'rlm' })] },
  { kind: 'compaction_failed', trigger: (e) => [e('compaction_failed')], clear: async (e) => [e('compaction_completed')] },
  {
    kind: 'subcall_fallback',
    trigger: (e) => [e('rlm_subcall_fallback', { requested_model: 'openai/gpt-5-mini' })],
    clear: async (e) => [e('token_usage', { source: 'rlm_subcall', model: 'openai/gpt-5-mini' })],
  },
];

async function post(url: string, events: SessionEvent[]): Promise<void> {
  const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: events.map((ev) => JSON.stringify(ev)).join('\n') });
  const reply = (await res.json()) as { accepted: number; rejected: unknown[] };
  expect(reply.rejected).toEqual([]);
  expect(reply.accepted).toBe(events.length);
}

async function alertsOf(url: string, query: string): Promise<AlertRecord[]> {
  const res = await fetch(`${url}/api/v1/alerts?${query}`);
  expect(res.status).toBe(200);
  return alertPageSchema.parse(await res.json()).records;
}

const sessionAlerts = (url: string, kind: AlertKind, sessionId: string) => alertsOf(url, `kind=${kind}&session=${sessionId}`);

/** Where the server keeps its data: extra config per store, and how to drop it after. */
interface StoreUnderTest {
  name: string;
  skip: boolean;
  open: () => Promise<{ config: Record<string, unknown>; drop: () => Promise<void> }>;
}

const storesUnderTest: StoreUnderTest[] = [
  { name: 'SQLite', skip: false, open: async () => ({ config: {}, drop: async () => undefined }) },
  {
    name: 'PostgreSQL',
    skip: noPostgres,
    open: async () => {
      const db: TempDatabase = await createTempDatabase();
      return { config: { databaseUrl: db.url }, drop: () => db.drop() };
    },
  },
];

// Without PostgreSQL on loopback its half is skipped, the reason printed by postgres-availability.ts.
for (const storeUnderTest of storesUnderTest) describe.skipIf(storeUnderTest.skip)(`alert conditions on the real server (${storeUnderTest.name})`, () => {
  let dir: string;
  let storeConfig: Record<string, unknown> = {};
  let dropStore: () => Promise<void> = async () => undefined;
  let server: Server;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const ids = new Map<AlertKind, string>();
  const emitters = new Map<AlertKind, Emit>();
  const firstAlert = new Map<AlertKind, number>();

  const start = async () => {
    server = await startTestServer({
      dir,
      config: { alertsFile: path.join(dir, 'alerts.json'), alertWebhooks: receiver.url, budgetWarnUsd: 0.01, ...storeConfig },
    });
  };
  /** Lets at least two sweeps run, then waits for everything they queued. */
  const afterSweeps = async () => {
    await new Promise((r) => setTimeout(r, 300));
    await server.server.alerts.settled();
  };
  const restart = async () => {
    await server.server.close();
    await start();
    await afterSweeps();
  };
  const postedAlertIds = () => receiver.received.map((r) => (JSON.parse(r.body) as { id: number }).id);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-alerts-'));
    fs.writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify({ sweep_interval_ms: 100, kinds: { stalled: { after_ms: minute } } }));
    receiver = await startWebhookReceiver();
    ({ config: storeConfig, drop: dropStore } = await storeUnderTest.open());
    await start();
  });
  afterAll(async () => {
    await server?.server.close();
    await receiver?.close();
    await dropStore();
  });

  it('runs on the store under test', () => {
    expect(server.server.store.kind).toBe(storeUnderTest.name === 'PostgreSQL' ? 'postgres' : 'sqlite');
  });

  it.each(scenarios.map((s) => [s.kind, s] as const))('%s fires once, however often its trigger repeats', async (kind, scenario) => {
    const id = uniqueSessionId(kind);
    const e = sessionEvents(id);
    ids.set(kind, id);
    emitters.set(kind, e);
    await scenario.setup?.(server.url, id);
    await post(server.url, scenario.trigger(e));
    const [alert] = await waitFor(async () => {
      const list = await sessionAlerts(server.url, kind, id);
      return list.length > 0 ? list : null;
    }, `${kind} alert`, 10_000);
    expect(alert).toMatchObject({ kind, session_id: id, cleared_ms: null, acked_ms: null });
    expect(alert!.message.length).toBeGreaterThan(10);
    firstAlert.set(kind, alert!.id);
    // The same condition again, while it still holds: no second alert.
    await post(server.url, scenario.trigger(e));
    await new Promise((r) => setTimeout(r, kind.startsWith('budget') ? 1500 : 300));
    await server.server.alerts.settled();
    expect(await sessionAlerts(server.url, kind, id)).toHaveLength(1);
    await waitFor(() => postedAlertIds().includes(alert!.id), `webhook for ${kind}`);
  });

  it('a restart neither fires nor sends any of them again', async () => {
    const sentBefore = postedAlertIds();
    await restart();
    for (const scenario of scenarios) {
      const list = await sessionAlerts(server.url, scenario.kind, ids.get(scenario.kind)!);
      expect(list.map((a) => [a.id, a.cleared_ms]), scenario.kind).toEqual([[firstAlert.get(scenario.kind), null]]);
    }
    expect(postedAlertIds()).toEqual(sentBefore);
    expect(new Set(sentBefore).size).toBe(sentBefore.length);
  });

  it.each(scenarios.map((s) => [s.kind, s] as const))('%s clears when its condition stops holding', async (kind, scenario) => {
    const id = ids.get(kind)!;
    await post(server.url, await scenario.clear(emitters.get(kind)!, server.url, id));
    await waitFor(async () => (await sessionAlerts(server.url, kind, id))[0]?.cleared_ms != null, `${kind} to clear`, 10_000);
  });

  it('cleared alerts stay cleared, and unsent, after another restart', async () => {
    const sentBefore = postedAlertIds();
    await restart();
    for (const scenario of scenarios) {
      const list = await sessionAlerts(server.url, scenario.kind, ids.get(scenario.kind)!);
      expect(list, scenario.kind).toHaveLength(1);
      expect(list[0]!.cleared_ms, scenario.kind).not.toBeNull();
    }
    expect(postedAlertIds()).toEqual(sentBefore);
  });

  it('a condition that happens again after clearing fires a new alert', async () => {
    const id = ids.get('compaction_failed')!;
    await post(server.url, [emitters.get('compaction_failed')!('compaction_failed', { trace_id: 'cmp-3' })]);
    const list = await waitFor(async () => {
      const all = await sessionAlerts(server.url, 'compaction_failed', id);
      return all.length === 2 ? all : null;
    }, 'a second compaction_failed alert');
    expect(list[0]!.cleared_ms).toBeNull();
    expect(list[1]!.id).toBe(firstAlert.get('compaction_failed'));
  });

  it('lists newest first, filters by kind, session and since, and pages with cursor', async () => {
    const all = await alertsOf(server.url, 'limit=500');
    expect(all.map((a) => a.id)).toEqual(all.map((a) => a.id).toSorted((a, b) => b - a));
    const page1 = alertPageSchema.parse(await (await fetch(`${server.url}/api/v1/alerts?limit=3`)).json());
    expect(page1.records).toHaveLength(3);
    const page2 = alertPageSchema.parse(await (await fetch(`${server.url}/api/v1/alerts?limit=3&cursor=${page1.next_cursor}`)).json());
    expect(page2.records[0]!.id).toBeLessThan(page1.records[2]!.id);
    expect(page1.unread).toBe(all.length);
    const errors = await alertsOf(server.url, 'kind=error,stalled');
    expect(new Set(errors.map((a) => a.kind))).toEqual(new Set(['error', 'stalled']));
    const newest = all[0]!;
    expect((await alertsOf(server.url, `since=${newest.ts_ms}`)).map((a) => a.id)).toContain(newest.id);
    expect(await alertsOf(server.url, `since=${newest.ts_ms + 1}`)).toEqual([]);
    const bad = await fetch(`${server.url}/api/v1/alerts?kind=nope`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('kind');
  });

  it('acknowledging marks one alert read and lowers the unread count', async () => {
    const before = alertPageSchema.parse(await (await fetch(`${server.url}/api/v1/alerts?limit=1`)).json());
    const target = before.records[0]!;
    const res = await fetch(`${server.url}/api/v1/alerts/${target.id}/ack`, { method: 'POST' });
    expect(res.status).toBe(200);
    const acked = (await res.json()) as AlertRecord;
    expect(acked.acked_ms).toBeGreaterThan(0);
    const after = alertPageSchema.parse(await (await fetch(`${server.url}/api/v1/alerts?limit=1`)).json());
    expect(after.unread).toBe(before.unread - 1);
    // Again: the first time stands.
    const again = (await (await fetch(`${server.url}/api/v1/alerts/${target.id}/ack`, { method: 'POST' })).json()) as AlertRecord;
    expect(again.acked_ms).toBe(acked.acked_ms);
    expect((await fetch(`${server.url}/api/v1/alerts/999999/ack`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/alerts/abc/ack`, { method: 'POST' })).status).toBe(400);
  });
});

describe('daily_spend on the real server', () => {
  it('fires once for the day, survives restarts, and clears when the threshold is raised', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-alerts-daily-'));
    const file = path.join(dir, 'alerts.json');
    const writeThreshold = (usd: number) => fs.writeFileSync(file, JSON.stringify({ sweep_interval_ms: 100, kinds: { daily_spend: { usd } } }));
    writeThreshold(1);
    let { server } = await startTestServer({ dir, config: { alertsFile: file } });
    const daily = async () => (await alertsOf(server.url, 'kind=daily_spend')).map((a) => [a.id, a.cleared_ms === null] as const);
    try {
      const a = sessionEvents(uniqueSessionId('daily-a'));
      const b = sessionEvents(uniqueSessionId('daily-b'));
      // $0.60 each (200k prompt tokens at $3/M): neither alone, both together over $1.
      await post(server.url, [usage(a, 200_000)]);
      await new Promise((r) => setTimeout(r, 1500));
      await server.alerts.settled();
      expect(await daily()).toEqual([]);
      await post(server.url, [usage(b, 200_000)]);
      const [first] = await waitFor(async () => ((await daily()).length > 0 ? daily() : null), 'daily_spend', 10_000);
      expect(first![1]).toBe(true);
      await post(server.url, [usage(a, 200_000)]);
      await new Promise((r) => setTimeout(r, 1500));
      await server.alerts.settled();
      expect(await daily()).toEqual([first]);

      await server.close();
      ({ server } = await startTestServer({ dir, config: { alertsFile: file } }));
      await new Promise((r) => setTimeout(r, 300));
      await server.alerts.settled();
      expect(await daily()).toEqual([first]);

      writeThreshold(1000);
      await server.close();
      ({ server } = await startTestServer({ dir, config: { alertsFile: file } }));
      await waitFor(async () => (await daily())[0]?.[1] === false, 'daily_spend to clear');
      expect(await daily()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
