import { beforeEach, describe, expect, it } from 'vitest';
import { usageQuerySchema } from '#protocol/api-queries';
import type { EventStore, UsageTotalsRow } from '../../store/event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import { fixtureStartMs, hourMs, makeItem, minuteMs, sessionSyncItem, tokenUsageItem, usageFixture } from '../store-test-events';

// The usage aggregate of the EventStore contract: hand-computed sums over
// usageFixture(), then a reference computation over varied data. Part of
// describeStoreContract (store-contract.ts), which supplies the store.

const T0 = fixtureStartMs;
const minute = minuteMs;
const hour = hourMs;
const usageQuery = (q: Record<string, string> = {}) => usageQuerySchema.parse(q);

type UsageRow = UsageTotalsRow;

/** Usage totals with the fields most rows leave at zero filled in (prices are applied above the store). */
export const usageRow = (
  row: Omit<UsageRow, 'cache_read_tokens' | 'cache_write_tokens' | 'usage_report_calls' | 'reported_cost_usd'> & Partial<UsageRow>,
): UsageRow => ({
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  usage_report_calls: 0,
  reported_cost_usd: null,
  ...row,
});

/** The names a row grouped by session carries, for a session that never gave any. */
const unnamed = { session_title: null, session_agent: null, session_producer: null } as const;

/** A small deterministic PRNG (mulberry32): varied data, same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The usage aggregate computed in plain TypeScript: the reference the store's SQL is checked against. */
function referenceUsage(
  items: readonly IngestItem[],
  query: ReturnType<typeof usageQuery>,
  agentOf: (sessionId: string) => string | null = () => null,
): UsageRow[] {
  const groups = new Map<string, UsageRow>();
  const keys = [...new Set(query.group_by ?? [])];
  for (const item of items) {
    const e = item.event as unknown as { session_id: string; source: UsageRow['source']; model: string } & Record<string, number>;
    if (query.from !== undefined && item.tsMs < query.from) continue;
    if (query.to !== undefined && item.tsMs >= query.to) continue;
    if (query.session !== undefined && !query.session.includes(e.session_id)) continue;
    if (query.source !== undefined && !query.source.includes(e.source!)) continue;
    if (query.model !== undefined && !query.model.includes(e.model)) continue;
    const agent = agentOf(e.session_id);
    if (query.agent !== undefined && (agent === null || !query.agent.includes(agent))) continue;
    const row: UsageRow = usageRow({ prompt_tokens: 0, completion_tokens: 0, calls: 0 });
    if (query.bucket !== undefined) row.bucket_start_ms = Math.floor(item.tsMs / query.bucket) * query.bucket;
    if (keys.includes('source')) row.source = e.source;
    if (keys.includes('model')) row.model = e.model;
    if (keys.includes('session')) Object.assign(row, { session_id: e.session_id, ...unnamed, session_agent: agent });
    if (keys.includes('agent')) row.agent = agent;
    const key = JSON.stringify([row.bucket_start_ms, row.source, row.model, row.session_id, row.agent]);
    const total = groups.get(key) ?? row;
    groups.set(key, total);
    total.prompt_tokens += e.prompt_tokens!;
    total.completion_tokens += e.completion_tokens!;
    total.cache_read_tokens += e.cache_read_tokens ?? 0;
    total.cache_write_tokens += e.cache_write_tokens ?? 0;
    total.calls++;
  }
  const tokens = (r: UsageRow) => r.prompt_tokens + r.completion_tokens;
  // Ties on a null agent never reach this order in the tests: SQL dialects disagree on where NULL sorts.
  const text = (r: UsageRow) => [r.source ?? '', r.model ?? '', r.session_id ?? '', r.agent ?? ''].join('\u0000');
  return [...groups.values()].sort(
    (a, b) => (a.bucket_start_ms ?? 0) - (b.bucket_start_ms ?? 0) || tokens(b) - tokens(a) || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0),
  );
}

export function describeUsage(getStore: () => EventStore): void {
  describe('usage aggregate', () => {
    beforeEach(async () => {
      await getStore().ingest(usageFixture());
    });

    it.each([
      ['no grouping: one total', {}, [usageRow({ prompt_tokens: 4500, completion_tokens: 450, cache_read_tokens: 1400, cache_write_tokens: 60, calls: 5 })]],
      ['by source, most tokens first', { group_by: 'source' }, [
        usageRow({ source: 'root', prompt_tokens: 3500, completion_tokens: 350, cache_read_tokens: 1400, cache_write_tokens: 50, calls: 3 }),
        usageRow({ source: 'rlm_iteration', prompt_tokens: 700, completion_tokens: 70, cache_write_tokens: 10, calls: 1 }),
        usageRow({ source: 'rlm_subcall', prompt_tokens: 300, completion_tokens: 30, calls: 1 }),
      ]],
      ['by model and session', { group_by: 'model,session' }, [
        usageRow({ model: 'm/sonnet', session_id: 'usage-a', ...unnamed, prompt_tokens: 3000, completion_tokens: 300, cache_read_tokens: 1400, cache_write_tokens: 50, calls: 2 }),
        usageRow({ model: 'm/sonnet', session_id: 'usage-b', ...unnamed, prompt_tokens: 700, completion_tokens: 70, cache_write_tokens: 10, calls: 1 }),
        usageRow({ model: 'm/haiku', session_id: 'usage-b', ...unnamed, prompt_tokens: 500, completion_tokens: 50, calls: 1 }),
        usageRow({ model: 'm/haiku', session_id: 'usage-a', ...unnamed, prompt_tokens: 300, completion_tokens: 30, calls: 1 }),
      ]],
      ['hourly buckets', { bucket: '1h' }, [
        usageRow({ bucket_start_ms: T0, prompt_tokens: 1800, completion_tokens: 180, cache_read_tokens: 400, calls: 3 }),
        usageRow({ bucket_start_ms: T0 + hour, prompt_tokens: 2000, completion_tokens: 200, cache_read_tokens: 1000, cache_write_tokens: 50, calls: 1 }),
        usageRow({ bucket_start_ms: T0 + 2 * hour, prompt_tokens: 700, completion_tokens: 70, cache_write_tokens: 10, calls: 1 }),
      ]],
      ['15-minute buckets by source', { bucket: '15m', group_by: 'source' }, [
        usageRow({ bucket_start_ms: T0, source: 'root', prompt_tokens: 1500, completion_tokens: 150, cache_read_tokens: 400, calls: 2 }),
        usageRow({ bucket_start_ms: T0 + 15 * minute, source: 'rlm_subcall', prompt_tokens: 300, completion_tokens: 30, calls: 1 }),
        usageRow({ bucket_start_ms: T0 + hour, source: 'root', prompt_tokens: 2000, completion_tokens: 200, cache_read_tokens: 1000, cache_write_tokens: 50, calls: 1 }),
        usageRow({ bucket_start_ms: T0 + 2 * hour, source: 'rlm_iteration', prompt_tokens: 700, completion_tokens: 70, cache_write_tokens: 10, calls: 1 }),
      ]],
      ['daily buckets', { bucket: '1d' }, [
        usageRow({ bucket_start_ms: Date.UTC(2026, 10, 24), prompt_tokens: 4500, completion_tokens: 450, cache_read_tokens: 1400, cache_write_tokens: 60, calls: 5 }),
      ]],
      ['from inclusive, to exclusive (hour-aligned)', { from: String(T0 + hour), to: String(T0 + 2 * hour) }, [
        usageRow({ prompt_tokens: 2000, completion_tokens: 200, cache_read_tokens: 1000, cache_write_tokens: 50, calls: 1 }),
      ]],
      ['a window not on hour boundaries', { from: String(T0 + 10 * minute), to: String(T0 + 130 * minute), group_by: 'session' }, [
        usageRow({ session_id: 'usage-a', ...unnamed, prompt_tokens: 3300, completion_tokens: 330, cache_read_tokens: 1400, cache_write_tokens: 50, calls: 3 }),
      ]],
      ['session, source and model filters', { session: 'usage-a', source: 'root,rlm_subcall', model: 'm/sonnet', bucket: '1h' }, [
        usageRow({ bucket_start_ms: T0, prompt_tokens: 1000, completion_tokens: 100, cache_read_tokens: 400, calls: 1 }),
        usageRow({ bucket_start_ms: T0 + hour, prompt_tokens: 2000, completion_tokens: 200, cache_read_tokens: 1000, cache_write_tokens: 50, calls: 1 }),
      ]],
      ['lists of sessions and models', { session: 'usage-b,no-such-session', model: 'm/haiku,m/sonnet', group_by: 'model' }, [
        usageRow({ model: 'm/sonnet', prompt_tokens: 700, completion_tokens: 70, cache_write_tokens: 10, calls: 1 }),
        usageRow({ model: 'm/haiku', prompt_tokens: 500, completion_tokens: 50, calls: 1 }),
      ]],
      ['a list of sessions on raw rows (window off the hour)', { session: 'usage-a,usage-b', from: String(T0 + minute), group_by: 'session' }, [
        usageRow({ session_id: 'usage-a', ...unnamed, prompt_tokens: 3300, completion_tokens: 330, cache_read_tokens: 1400, cache_write_tokens: 50, calls: 3 }),
        usageRow({ session_id: 'usage-b', ...unnamed, prompt_tokens: 1200, completion_tokens: 120, cache_write_tokens: 10, calls: 2 }),
      ]],
      ['nothing matched', { model: 'no/such-model' }, []],
    ] as const)('%s', async (_label, query, expected) => {
      expect(await getStore().usage(usageQuery(query))).toEqual(expected);
    });

    it('ranks sessions by a token metric: the top ids, largest first, and how many sessions have usage', async () => {
      const store = getStore();
      // usage-a 3,300 + 330 tokens, usage-b 1,200 + 120.
      expect(await store.topUsageSessions(usageQuery(), 1, 'total')).toEqual({ sessionIds: ['usage-a'], sessions: 2 });
      await store.ingest([
        tokenUsageItem('tie-b', 1, T0 + minute, { source: 'root', model: 'm/x', prompt_tokens: 100, completion_tokens: 10 }),
        tokenUsageItem('tie-a', 1, T0 + minute, { source: 'root', model: 'm/x', prompt_tokens: 100, completion_tokens: 10 }),
        tokenUsageItem('tie-c', 1, T0 + minute, { source: 'root', model: 'm/x', prompt_tokens: 100, completion_tokens: 50 }),
      ]);
      // Equal prompts: more tokens in all first, then the id in byte order (the aggregate's own order).
      expect(await store.topUsageSessions(usageQuery(), 10, 'prompt')).toEqual({ sessionIds: ['usage-a', 'usage-b', 'tie-c', 'tie-a', 'tie-b'], sessions: 5 });
      // The filters and window are the aggregate's: rollups, and raw rows for a window off the hour.
      expect(await store.topUsageSessions(usageQuery({ model: 'm/x' }), 2, 'completion')).toEqual({ sessionIds: ['tie-c', 'tie-a'], sessions: 3 });
      expect(await store.topUsageSessions(usageQuery({ from: String(T0 + minute), session: 'usage-b,tie-a' }), 5, 'total')).toEqual({ sessionIds: ['usage-b', 'tie-a'], sessions: 2 });
      expect(await store.topUsageSessions(usageQuery({ from: String(T0 + 100 * hour) }), 5, 'total')).toEqual({ sessionIds: [], sessions: 0 });
    });

    describe('by agent (a session property)', () => {
      beforeEach(async () => {
        await getStore().ingest([sessionSyncItem('usage-a', 10, T0 + 3 * hour, { agent: 'build' })]);
      });

      it('groups by the session agent, null for a session that never named one', async () => {
        expect(await getStore().usage(usageQuery({ group_by: 'agent' }))).toEqual([
          usageRow({ agent: 'build', prompt_tokens: 3300, completion_tokens: 330, cache_read_tokens: 1400, cache_write_tokens: 50, calls: 3 }),
          usageRow({ agent: null, prompt_tokens: 1200, completion_tokens: 120, cache_write_tokens: 10, calls: 2 }),
        ]);
      });

      it('filters by a list of agents, from the rollup and from raw rows alike', async () => {
        const expected = [usageRow({ source: 'root', prompt_tokens: 3000, completion_tokens: 300, cache_read_tokens: 1400, cache_write_tokens: 50, calls: 2 }),
          usageRow({ source: 'rlm_subcall', prompt_tokens: 300, completion_tokens: 30, calls: 1 })];
        expect(await getStore().usage(usageQuery({ agent: 'build,other', group_by: 'source' }))).toEqual(expected);
        expect(await getStore().usage(usageQuery({ agent: 'build', group_by: 'source', from: '1' }))).toEqual(expected);
        expect(await getStore().usage(usageQuery({ agent: 'nobody' }))).toEqual([]);
      });

      it("follows the session's current agent, for its past usage too", async () => {
        await getStore().ingest([sessionSyncItem('usage-a', 11, T0 + 4 * hour, { agent: 'plan' })]);
        expect((await getStore().usage(usageQuery({ group_by: 'agent,session', bucket: '1h' }))).map((r) => [r.agent, r.session_id])).toEqual([
          ['plan', 'usage-a'],
          [null, 'usage-b'],
          ['plan', 'usage-a'],
          [null, 'usage-b'],
        ]);
      });
    });

    it("names each session of rows grouped by session (its current title, agent and producer), from the rollups and raw rows alike", async () => {
      await getStore().ingest([
        sessionSyncItem('usage-a', 10, T0 + 3 * hour, { title: 'Fix the build', agent: 'build' }),
        makeItem('text_complete', 'usage-b', 10, T0 + 3 * hour, { text: 'done', producer: 'otlp' }),
      ]);
      const named = { 'usage-a': ['Fix the build', 'build', null], 'usage-b': [null, null, 'otlp'] };
      // Rollup aggregate, raw rows (a window off the hour), and the hourly rollup's rows as they are.
      const queries: Record<string, string>[] = [{ group_by: 'session' }, { group_by: 'session', from: String(T0 + minute) }, { group_by: 'source,model,session', bucket: '1h' }];
      for (const query of queries) {
        const rows = await getStore().usage(usageQuery(query));
        expect(rows.length, JSON.stringify(query)).toBeGreaterThan(0);
        for (const row of rows) {
          expect([row.session_title, row.session_agent, row.session_producer], JSON.stringify(query)).toEqual(named[row.session_id as keyof typeof named]);
        }
      }
      // Other groupings carry no session names.
      expect((await getStore().usage(usageQuery({ group_by: 'source' })))[0]).not.toHaveProperty('session_title');
    });

    it('answers the same whether or not the window is hour-aligned (rollup or raw rows)', async () => {
      // from=0 is hour-aligned, from=1 is not; both include every event of the fixture.
      for (const bucket of ['1h', '2h', '1d'] as const) {
        const aligned = await getStore().usage(usageQuery({ bucket, group_by: 'source,model,session', from: '0' }));
        const unaligned = await getStore().usage(usageQuery({ bucket, group_by: 'source,model,session', from: '1' }));
        expect(unaligned).toEqual(aligned);
        expect(aligned.length).toBeGreaterThan(0);
      }
    });

    it('matches a plain reference computation over varied data, batches and resends', async () => {
      const random = seededRandom(42);
      const agents: Record<string, string> = { 'r-1': 'build', 'r-2': 'plan', 'r-3': 'build' };
      await getStore().ingest(Object.entries(agents).map(([id, agent]) => sessionSyncItem(id, 10_000, T0, { agent })));
      const sources = ['root', 'rlm_iteration', 'rlm_subcall', 'tool_embedded'];
      const models = ['m/a', 'm/b', 'm/c'];
      const sessions = ['r-1', 'r-2', 'r-3', 'r-4'];
      const items = Array.from({ length: 600 }, (_, i) =>
        tokenUsageItem(sessions[i % sessions.length]!, 1 + Math.floor(i / sessions.length), T0 + Math.floor(random() * 3 * 24 * hour), {
          source: sources[Math.floor(random() * sources.length)],
          model: models[Math.floor(random() * models.length)],
          prompt_tokens: Math.floor(random() * 5000),
          completion_tokens: Math.floor(random() * 800),
          cache_read_tokens: Math.floor(random() * 1000),
          cache_write_tokens: Math.floor(random() * 100),
        }),
      );
      // Three batches, each resending part of the previous one: the resends must not count twice.
      await getStore().ingest(items.slice(0, 250));
      await getStore().ingest(items.slice(200, 450));
      await getStore().ingest(items.slice(400));
      const all = [...usageFixture(), ...items];
      const queries: Record<string, string>[] = [
        { group_by: 'source,model,session', bucket: '1h' },
        { group_by: 'model', bucket: '1d' },
        { group_by: 'session', bucket: '6h', from: String(T0 + 5 * hour), to: String(T0 + 50 * hour) },
        { group_by: 'source', bucket: '15m', from: String(T0 + 7 * minute) },
        { group_by: 'source,session', bucket: '2h', from: String(T0 + 7 * minute), to: String(T0 + 30 * hour + 1) },
        { source: 'root,tool_embedded', model: 'm/b', bucket: '1h', to: String(T0 + 24 * hour) },
        { session: 'r-2', group_by: 'model' },
        // One session's raw rows (windows off the hour, or sub-hour buckets).
        { session: 'r-3', group_by: 'model', bucket: '15m', from: String(T0 + 7 * minute) },
        { session: 'r-1', source: 'root,rlm_subcall', bucket: '1m', to: String(T0 + 40 * hour + 1) },
        { session: 'r-4', group_by: 'source', from: String(T0 + hour + 1), to: String(T0 + 60 * hour + 1) },
        // Exactly a rollup's key, hourly: its rows as they are.
        { group_by: 'model,source', bucket: '1h' },
        { group_by: 'source,model', bucket: '1h', model: 'm/a,m/b', from: String(T0 + 5 * hour) },
        { group_by: 'session,model,source', bucket: '1h', session: 'r-1,r-2' },
        // Lists and agents, on the rollups and on raw rows.
        { session: 'r-1,r-4', model: 'm/a,m/c', group_by: 'session,model', bucket: '1d' },
        { session: 'r-2,r-3', group_by: 'agent,source', bucket: '30m', from: String(T0 + 7 * minute) },
        { agent: 'build', group_by: 'session', bucket: '1h' },
        { agent: 'plan,build', group_by: 'agent,model', to: String(T0 + 20 * hour + 5) },
      ];
      for (const query of queries) {
        const parsed = usageQuery(query);
        expect(await getStore().usage(parsed), JSON.stringify(query)).toEqual(referenceUsage(all, parsed, (id) => agents[id] ?? null));
      }
    });
  });
}
