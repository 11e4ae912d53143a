import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config';
import { startServerProcess } from '../../test-support/server-process';
import { openProducer, testServers, waitFor } from '../../test-support/test-server';
import { noPostgres } from '../../test-support/postgres/postgres-availability';
import { createTempDatabase, type TempDatabase } from '../../test-support/postgres/temp-database';

// The server on PostgreSQL: chosen by DATABASE_URL, refused at start-up when the
// database cannot be reached, and shared by replicas.

const T0 = Date.UTC(2026, 10, 24, 13);
const tokenUsage = (sessionId: string, seq: number) => ({
  session_id: sessionId, seq, ts: T0 + seq, type: 'token_usage', source: 'root', model: 'm/x',
  prompt_tokens: 100, completion_tokens: 10, duration_ms: 5,
});

describe('DATABASE_URL and TETHER_PG_POOL', () => {
  it('takes a postgres URL and a pool size, from flags or environment', () => {
    const config = resolveConfig({}, { DATABASE_URL: 'postgresql://u:p@db:5432/tw', TETHER_PG_POOL: '25' });
    expect(config).toMatchObject({ databaseUrl: 'postgresql://u:p@db:5432/tw', pgPool: 25 });
    expect(resolveConfig({ databaseUrl: 'postgres://h/db' }, {})).toMatchObject({ databaseUrl: 'postgres://h/db', pgPool: 10 });
    expect(resolveConfig({}, {}).databaseUrl).toBeUndefined();
  });

  it.each([
    [{ DATABASE_URL: 'mysql://u@h/db' }, 'DATABASE_URL: expected a PostgreSQL URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL: expected a PostgreSQL URL'],
    [{ TETHER_PG_POOL: '0' }, 'TETHER_PG_POOL'],
  ])('refuses %o', (env, message) => {
    expect(() => resolveConfig({}, env)).toThrow(message);
  });
});

describe('start-up on an unreachable PostgreSQL', () => {
  it('stops with a message naming the database, never its password', async () => {
    const start = startServerProcess({ env: { DATABASE_URL: 'postgres://tether:s3cret@127.0.0.1:1/nothing' } });
    const error = await start.then(
      () => null,
      (err: unknown) => err as Error,
    );
    expect(error?.message).toMatch(/exited with 1 before starting/);
    expect(error?.message).toContain('cannot open the PostgreSQL store at postgres://tether:***@127.0.0.1:1/nothing: connect ECONNREFUSED 127.0.0.1:1');
    expect(error?.message).not.toContain('s3cret');
  });
});

describe.skipIf(noPostgres)('server on PostgreSQL', () => {
  const servers = testServers(afterEach);
  let database: TempDatabase;
  beforeEach(async () => {
    database = await createTempDatabase();
    servers.defer(() => database.drop());
  });

  it('reports store kind postgres and serves what another replica stored', async () => {
    const a = await servers.start({ config: { databaseUrl: database.url, pgPool: 3 } });
    const b = await servers.start({ config: { databaseUrl: database.url, pgPool: 3 } });
    const health = (await (await fetch(`${a.url}/api/v1/health`)).json()) as { store: string };
    expect(health.store).toBe('postgres');

    const producer = await openProducer(a.wsUrl);
    servers.defer(() => producer.socket.close());
    expect(await producer.send([tokenUsage('replicated', 1), tokenUsage('replicated', 2)])).toMatchObject({ kind: 'ack' });
    // Written through A, read through B: no replica keeps its own copy of the sessions.
    const list = await waitFor(async () => {
      const body = (await (await fetch(`${b.url}/api/v1/sessions`)).json()) as { sessions: { session_id: string; prompt_tokens: number }[] };
      return body.sessions.length > 0 ? body : null;
    }, 'the session on replica B');
    expect(list.sessions).toMatchObject([{ session_id: 'replicated', prompt_tokens: 200 }]);

    // And B's next event for the same session continues the summary A wrote.
    const producerB = await openProducer(b.wsUrl);
    servers.defer(() => producerB.socket.close());
    expect(await producerB.send([tokenUsage('replicated', 3)])).toMatchObject({ kind: 'ack' });
    expect(await a.server.store.getSession('replicated')).toMatchObject({ event_count: 3, prompt_tokens: 300 });
  });
});
