import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { eventPageSchema, sessionListSchema, type SessionSummary } from '#protocol/api-schemas';
import { usageReplySchema } from '#protocol/cost-schemas';
import { healthSchema, type CodetetherServeHealth } from '#protocol/health-schemas';
import { reportCodetetherServeHealth } from '../../api/health-route';
import { startServerProcess, type ServerProcess } from '../../test-support/server-process';
import { startTestServer, waitFor } from '../../test-support/test-server';
import { followCodetetherServe } from './codetether-serve-follower';
import { startFakeCodetetherServe, type FakeCodetetherServe } from '../../test-support/fake-codetether-serve';

// The real Tether Watch server (its CLI in its own process, or in this process)
// following a fake `codetether serve` that speaks the agent's SSE and auth.

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const envelopes = fs.readFileSync(path.join(fixtures, 'bus-envelopes.jsonl'), 'utf8').trimEnd().split('\n');
const TASK_A = '0c6f2f0e-5d0b-4a55-9a3e-7b1d2c4e8f10';
const TASK_B = '9a1e4c77-2b3d-4f6a-8c0e-5d7f9b1a3c24';
const TOKEN = 'ct-test-token-0f9e8d7c6b5a';
/** Task A's stored (history) events, in order: what the session page lists. */
const TASK_A_STORED = ['text_complete', 'usage_report', 'tool_call_start', 'tool_call_complete', 'thinking_complete', 'usage_report', 'text_complete', 'done'];

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function fakeServe(): Promise<FakeCodetetherServe> {
  const fake = await startFakeCodetetherServe({ token: TOKEN });
  cleanups.push(() => fake.close());
  return fake;
}

async function serverFollowing(url: string, token: string | undefined): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { CODETETHER_AUTH_TOKEN: token ?? '' };
  const server = await startServerProcess({ args: ['--codetether-serve', url], env });
  cleanups.push(() => server.stop());
  return server;
}

const getJson = async (url: string): Promise<unknown> => (await fetch(url)).json();

async function followerHealth(baseUrl: string): Promise<CodetetherServeHealth> {
  const health = healthSchema.parse(await getJson(`${baseUrl}/api/v1/health`));
  expect(health.codetether_serve).toBeDefined();
  return health.codetether_serve!;
}

async function session(baseUrl: string, id: string): Promise<SessionSummary | undefined> {
  return sessionListSchema.parse(await getJson(`${baseUrl}/api/v1/sessions?limit=50`)).sessions.find((s) => s.session_id === id);
}

async function storedEvents(baseUrl: string, id: string) {
  return eventPageSchema.parse(await getJson(`${baseUrl}/api/v1/sessions/${id}/events`)).events;
}

describe('npm start -- --codetether-serve URL', () => {
  it('shows a task live as a session, with its usage reports as root tokens and a cost', async () => {
    const fake = await fakeServe();
    const server = await serverFollowing(fake.url, TOKEN);
    expect(server.stderr()).toContain(`following codetether serve at ${fake.url}/v1/bus/stream`);
    const bus = await fake.connection(0);
    expect(fake.authorizations).toEqual([`Bearer ${TOKEN}`]);

    // Mid-task: the prompt, some text, the first LLM call, a tool started.
    for (const line of envelopes.slice(0, 8)) bus.sendEnvelope(line);
    bus.sendKeepaliveComment();
    const running = await waitFor(async () => {
      const s = await session(server.url, TASK_A);
      return s?.tool_call_count === 1 ? s : undefined;
    }, 'the running task as a session', 15_000);
    expect(running).toMatchObject({ producer: 'codetether', title: 'Run the date tests and fix what fails', status: 'active' });
    expect(await followerHealth(server.url)).toMatchObject({ url: `${fake.url}/v1/bus/stream`, connected: true, reconnects: 0, last_error: null });

    for (const line of envelopes.slice(8)) bus.sendEnvelope(line);
    const done = await waitFor(async () => {
      const s = await session(server.url, TASK_A);
      return s?.status === 'done' ? s : undefined;
    }, 'task A done', 15_000);
    expect((await storedEvents(server.url, TASK_A)).map((r) => r.event.type)).toEqual(TASK_A_STORED);
    expect(await session(server.url, TASK_B)).toMatchObject({ status: 'error', last_error: 'provider error: 529 overloaded_error: Overloaded', title: "Summarise yesterday's deploy log" });

    // usage_report is the only usage this producer sends: counted as root, marked as from usage reports.
    expect(done).toMatchObject({ prompt_tokens: 12840 + 13391, completion_tokens: 212 + 188, usage_origin: 'usage_report' });
    expect(done.tokens_by_source.root).toMatchObject({ prompt_tokens: 12840 + 13391, completion_tokens: 212 + 188 });
    const usage = usageReplySchema.parse(await getJson(`${server.url}/api/v1/usage?group_by=session,source&from=0`));
    const rowA = usage.rows.find((r) => r.session_id === TASK_A)!;
    expect(rowA).toMatchObject({ source: 'root', prompt_tokens: 12840 + 13391, completion_tokens: 212 + 188, calls: 2, usage_report_calls: 2 });
    expect(rowA.cost_usd).toBeGreaterThan(0);
  });

  it('reconnects after the connection drops mid-event, and stores nothing twice from the overlapping replay', async () => {
    const fake = await fakeServe();
    const server = await serverFollowing(fake.url, TOKEN);
    const first = await fake.connection(0);
    for (const line of envelopes.slice(0, 10)) first.sendEnvelope(line);
    await waitFor(async () => (await session(server.url, TASK_A))?.tool_call_count === 1, 'the first part stored', 15_000);
    // Half an event, then the connection is gone.
    first.writeRaw(`event:bus\ndata:${envelopes[10]!.slice(0, 80)}`);
    first.drop();

    const second = await fake.connection(1);
    // The new connection repeats part of what the first one carried, then goes on.
    for (const line of envelopes.slice(4)) second.sendEnvelope(line);
    await waitFor(async () => (await session(server.url, TASK_A))?.status === 'done', 'task A done after the reconnect', 15_000);
    await waitFor(async () => (await session(server.url, TASK_B))?.status === 'error', 'task B failed', 15_000);

    const stored = await storedEvents(server.url, TASK_A);
    expect(stored.map((r) => r.event.type)).toEqual(TASK_A_STORED);
    expect(new Set(stored.map((r) => r.event.seq)).size).toBe(stored.length);
    expect(await session(server.url, TASK_A)).toMatchObject({ prompt_tokens: 12840 + 13391, tool_call_count: 1 });
    const health = await followerHealth(server.url);
    expect(health).toMatchObject({ connected: true, reconnects: 1, rejected: 0 });
    // text_complete, usage_report and tool_call_start of task A were stored before the drop and sent again.
    expect(health.duplicates).toBeGreaterThanOrEqual(3);
    expect(health.last_error).toMatch(/^the bus stream broke: /);
    expect(server.stderr()).toContain('codetether serve: the bus stream broke');
  });

  it('says so in health and the log when the token is wrong, and keeps trying', async () => {
    const fake = await fakeServe();
    const server = await serverFollowing(fake.url, 'not-the-token');
    const health = await waitFor(async () => {
      const h = await followerHealth(server.url);
      return h.reconnects >= 1 ? h : undefined;
    }, 'a retry after the refusal', 15_000);
    expect(health).toMatchObject({
      connected: false,
      last_error: 'codetether serve refused the token (401): CODETETHER_AUTH_TOKEN must be the token that `codetether serve` was started with',
    });
    expect(fake.authorizations[0]).toBe('Bearer not-the-token');
    expect(fake.acceptedConnections()).toBe(0);
    expect(server.stderr()).toContain('codetether serve refused the token (401)');
  });
});

describe('the follower against the in-process server', () => {
  async function inProcessFollowing(url: string, token?: string, opts: { failingSubmits?: number; idleTimeoutMs?: number } = {}) {
    const t = await startTestServer();
    cleanups.push(() => t.server.close());
    let failuresLeft = opts.failingSubmits ?? 0;
    const submit = (items: Parameters<typeof t.server.pipeline.submit>[0]) => {
      if (failuresLeft-- > 0) return Promise.reject(new Error('store unavailable (SQLITE_BUSY: database is locked); nothing in this batch was stored: retry later'));
      return t.server.pipeline.submit(items);
    };
    const follower = followCodetetherServe({ url, token, submit, countRejected: (n) => t.server.pipeline.countRejected(n), log: pino({ level: 'silent' }), retryBaseMs: 50, retryMaxMs: 200, idleTimeoutMs: opts.idleTimeoutMs });
    cleanups.push(() => follower.stop());
    reportCodetetherServeHealth(t.server.app, () => follower.status());
    return t;
  }

  it('counts lag events and the envelopes they skipped, and keeps going', async () => {
    const fake = await fakeServe();
    const t = await inProcessFollowing(fake.url, TOKEN);
    const bus = await fake.connection(0);
    bus.sendEnvelope(envelopes[1]!);
    bus.sendLag(5);
    bus.sendKeepaliveEvent();
    bus.sendLag(2);
    bus.sendEnvelope(envelopes[2]!);
    bus.sendEnvelope(envelopes[5]!);
    await waitFor(async () => (await storedEvents(t.url, TASK_A)).length === 1, 'the event after the lag', 5_000);
    expect(await followerHealth(t.url)).toMatchObject({ connected: true, lag_events: 2, lagged_messages: 7, reconnects: 0 });
  });

  it('keeps the events the store could not take yet and stores them when it can, in order', async () => {
    const fake = await fakeServe();
    const t = await inProcessFollowing(fake.url, TOKEN, { failingSubmits: 2 });
    const bus = await fake.connection(0);
    for (const line of envelopes) bus.sendEnvelope(line);
    await waitFor(async () => (await storedEvents(t.url, TASK_A)).length === TASK_A_STORED.length, 'every stored event of task A', 10_000);
    expect((await storedEvents(t.url, TASK_A)).map((r) => r.event.type)).toEqual(TASK_A_STORED);
    expect(await followerHealth(t.url)).toMatchObject({ connected: true, reconnects: 0, last_error: 'events could not be stored, retrying: store unavailable (SQLITE_BUSY: database is locked); nothing in this batch was stored: retry later' });
  });

  it('refuses a bad event alone, counting it, and keeps its neighbours', async () => {
    const fake = await fakeServe();
    const t = await inProcessFollowing(fake.url, TOKEN);
    const bus = await fake.connection(0);
    const bad = JSON.parse(envelopes[12]!) as { message: { message: string } };
    bad.message.message = bad.message.message.replace('"success":false', '"success":"no"');
    bus.sendEnvelope(envelopes[5]!);
    bus.sendEnvelope(JSON.stringify(bad));
    bus.sendEnvelope('{"id":"cut off');
    bus.sendEnvelope(envelopes[14]!);
    await waitFor(async () => (await storedEvents(t.url, TASK_A)).length === 2, 'the two good events', 5_000);
    expect((await storedEvents(t.url, TASK_A)).map((r) => r.event.type)).toEqual(['text_complete', 'thinking_complete']);
    const health = healthSchema.parse(await getJson(`${t.url}/api/v1/health`));
    expect(health.codetether_serve).toMatchObject({ rejected: 2, events: 2, connected: true });
    expect(health.ingest.rejected).toBe(2);
  });

  it('takes a connection that sends nothing, not even a keep-alive, as dead and reconnects', async () => {
    const fake = await fakeServe();
    const t = await inProcessFollowing(fake.url, TOKEN, { idleTimeoutMs: 300 });
    await fake.connection(0);
    await fake.connection(1);
    const health = await followerHealth(t.url);
    expect(health.reconnects).toBeGreaterThanOrEqual(1);
    expect(health.last_error).toBe('no data, not even a keep-alive, for 300 ms: reconnecting');
  });

  it('names the problem when nothing listens at the URL', async () => {
    const fake = await fakeServe();
    const closedPort = new URL(fake.url).port;
    await fake.close();
    const t = await inProcessFollowing(`http://127.0.0.1:${closedPort}`, TOKEN);
    const health = await waitFor(async () => {
      const h = await followerHealth(t.url);
      return h.last_error ? h : undefined;
    }, 'the connection error', 5_000);
    expect(health).toMatchObject({ connected: false, last_error: `nothing listens at 127.0.0.1:${closedPort} (ECONNREFUSED): is \`codetether serve\` running there?` });
  });

  it('names the problem when the URL is not a bus stream, or no token is set', async () => {
    const fake = await fakeServe();
    const wrongPath = await inProcessFollowing(`${fake.url}/v1/bus`, TOKEN);
    const noToken = await inProcessFollowing(fake.url);
    const errorOf = (url: string) => waitFor(async () => (await followerHealth(url)).last_error, 'the error', 5_000);
    expect(await errorOf(wrongPath.url)).toBe(`no bus stream at ${fake.url}/v1/bus (404): expected a codetether serve address such as http://127.0.0.1:4096`);
    expect(await errorOf(noToken.url)).toBe('codetether serve asks for a token (401): set CODETETHER_AUTH_TOKEN to the token that `codetether serve` was started with');
  });
});
