import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usageQuerySchema } from '#protocol/api-queries';
import type { EventStore } from '../store/event-store';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import { fixtureStartMs as T0, hourMs, minuteMs, sessionSyncItem, tokenUsageItem } from '../test-support/store-test-events';
import { parsePriceOverrides } from './price-overrides';
import { pricedUsage, pricingBucketMs, topRows } from './priced-usage';
import { Prices } from './prices';

// acme/m1 costs 1 in / 2 out until T0 + 1h, then 10 / 20; acme/m2 has no price anywhere.
const overrides = parsePriceOverrides(
  JSON.stringify([
    { model: 'acme/m1', input_per_mtok: 1, output_per_mtok: 2 },
    { model: 'acme/m1', input_per_mtok: 10, output_per_mtok: 20, effective_from: new Date(T0 + hourMs).toISOString() },
  ]),
);
if (!overrides.ok) throw new Error(overrides.error);
const prices = new Prices(overrides.overrides);
const query = (q: Record<string, string> = {}) => usageQuerySchema.parse(q);

describe('pricedUsage', () => {
  let store: EventStore;
  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
    await store.ingest([
      // 1,000 in + 100 out at the old price: 1,000 x 1 + 100 x 2 = 1,200 per million = $0.0012
      tokenUsageItem('s1', 1, T0 + 10 * minuteMs, { source: 'root', model: 'acme/m1', prompt_tokens: 1000, completion_tokens: 100 }),
      // the same at the new price: 1,000 x 10 + 100 x 20 = 12,000 per million = $0.012
      tokenUsageItem('s1', 2, T0 + 70 * minuteMs, { source: 'root', model: 'acme/m1', prompt_tokens: 1000, completion_tokens: 100 }),
      // unpriced: 500 + 50 = 550 unpriced tokens
      tokenUsageItem('s2', 1, T0 + 80 * minuteMs, { source: 'rlm_subcall', model: 'acme/m2', prompt_tokens: 500, completion_tokens: 50 }),
    ]);
  });
  afterEach(async () => {
    await store.close();
  });

  it('prices each part of a range at the override in force, and lists both rules', async () => {
    const reply = await pricedUsage(store, prices, query({ model: 'acme/m1' }));
    expect(reply.rows).toHaveLength(1);
    expect(reply.rows[0]).toMatchObject({ prompt_tokens: 2000, completion_tokens: 200, calls: 2, unpriced_tokens: 0 });
    expect(reply.rows[0]!.cost_usd).toBeCloseTo(0.0132, 12);
    expect(reply.prices.map((r) => [r.model, r.kind, r.input_per_mtok, r.effective_from_ms])).toEqual([
      ['acme/m1', 'override', 1, null],
      ['acme/m1', 'override', 10, T0 + hourMs],
    ]);
  });

  it('prices cache reads and writes apart, as parts of the cost, at each hour\'s rule', async () => {
    // 400 cache reads and 100 writes at the old price (no cache rate: the input rate 1), the same again at the new (10).
    await store.ingest([
      tokenUsageItem('s3', 1, T0 + 20 * minuteMs, { source: 'root', model: 'acme/m1', prompt_tokens: 500, completion_tokens: 0, cache_read_tokens: 400, cache_write_tokens: 100 }),
      tokenUsageItem('s3', 2, T0 + 80 * minuteMs, { source: 'root', model: 'acme/m1', prompt_tokens: 500, completion_tokens: 0, cache_read_tokens: 400, cache_write_tokens: 100 }),
      tokenUsageItem('s3', 3, T0 + 85 * minuteMs, { source: 'root', model: 'acme/m2', prompt_tokens: 500, completion_tokens: 0, cache_read_tokens: 400, cache_write_tokens: 100 }),
    ]);
    const bySession = await pricedUsage(store, prices, query({ group_by: 'session,model', session: 's3' }));
    const m1 = bySession.rows.find((r) => r.model === 'acme/m1')!;
    expect(m1.cache_read_cost_usd).toBeCloseTo((400 * 1 + 400 * 10) / 1e6, 12);
    expect(m1.cache_write_cost_usd).toBeCloseTo((100 * 1 + 100 * 10) / 1e6, 12);
    expect(m1.cost_usd).toBeCloseTo((500 * 1 + 500 * 10) / 1e6, 12);
    // A model without a price has no cache cost either, never $0.
    const m2 = bySession.rows.find((r) => r.model === 'acme/m2')!;
    expect([m2.cache_read_cost_usd, m2.cache_write_cost_usd]).toEqual([null, null]);
    // At the pricing grain (hourly by model) the store's rows are priced in place, with the same parts.
    const hourly = await pricedUsage(store, prices, query({ group_by: 'model', bucket: '1h', session: 's3' }));
    const m1Hours = hourly.rows.filter((r) => r.model === 'acme/m1').map((r) => r.cache_read_cost_usd);
    expect(m1Hours).toEqual([expect.closeTo(400 / 1e6, 12), expect.closeTo(4000 / 1e6, 12)]);
  });

  it('keeps unpriced tokens out of the cost, and a wholly unpriced row at null', async () => {
    const reply = await pricedUsage(store, prices, query({ group_by: 'source' }));
    expect(reply.rows).toEqual([
      expect.objectContaining({ source: 'root', prompt_tokens: 2000, unpriced_tokens: 0, cost_usd: expect.closeTo(0.0132, 12) }),
      expect.objectContaining({ source: 'rlm_subcall', prompt_tokens: 500, unpriced_tokens: 550, cost_usd: null }),
    ]);
    // One grand total: the priced part, with the unpriced tokens beside it.
    const [total] = (await pricedUsage(store, prices, query())).rows;
    expect(total).toMatchObject({ prompt_tokens: 2500, completion_tokens: 250, calls: 3, unpriced_tokens: 550 });
    expect(total!.cost_usd).toBeCloseTo(0.0132, 12);
    expect((await pricedUsage(store, prices, query())).prices.map((r) => r.kind)).toEqual(['override', 'override', 'unpriced']);
  });

  it('regroups to the requested bucket and keys, in the store order', async () => {
    const reply = await pricedUsage(store, prices, query({ bucket: '1d', group_by: 'session' }));
    expect(reply.rows.map((r) => [r.bucket_start_ms, r.session_id, r.model, r.calls])).toEqual([
      [Date.UTC(2026, 10, 24), 's1', undefined, 2],
      [Date.UTC(2026, 10, 24), 's2', undefined, 1],
    ]);
    const quarter = await pricedUsage(store, prices, query({ bucket: '15m', model: 'acme/m1' }));
    expect(quarter.rows.map((r) => [r.bucket_start_ms, r.cost_usd])).toEqual([
      [T0, expect.closeTo(0.0012, 12)],
      [T0 + hourMs, expect.closeTo(0.012, 12)],
    ]);
  });

  it('groups by agent, a session that never named one under null', async () => {
    await store.ingest([sessionSyncItem('s1', 3, T0 + 90 * minuteMs, { agent: 'build' })]);
    const reply = await pricedUsage(store, prices, query({ group_by: 'agent' }));
    expect(reply.rows.map((r) => [r.agent, r.prompt_tokens])).toEqual([
      ['build', 2000],
      [null, 500],
    ]);
  });
});

describe('pricedUsage with a limit, by session', () => {
  // The store ranks the sessions (one pass over the rollup) and only the top ones are priced: it must
  // answer exactly what ranking every priced row would, ties and the cut included, for every token metric.
  const usageArb = fc.array(
    fc.record({
      session: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      hour: fc.integer({ min: 0, max: 2 }),
      model: fc.constantFrom('acme/m1', 'acme/m2'),
      prompt: fc.constantFrom(0, 10, 20),
      completion: fc.constantFrom(0, 5, 10),
    }),
    { minLength: 1, maxLength: 14 },
  );

  it('answers the rows, total and count that ranking every priced row gives', async () => {
    await fc.assert(
      fc.asyncProperty(usageArb, fc.constantFrom('total', 'prompt', 'completion'), fc.integer({ min: 1, max: 7 }), async (usage, metric, limit) => {
        const store = await createSqliteStore({ path: ':memory:' });
        try {
          await store.ingest(usage.map((u, i) => tokenUsageItem(u.session, i + 1, T0 + u.hour * hourMs + i * 1000, { source: 'root', model: u.model, prompt_tokens: u.prompt, completion_tokens: u.completion })));
          const window = { group_by: 'session', from: String(T0), to: String(T0 + 3 * hourMs) };
          const ranked = await pricedUsage(store, prices, query({ ...window, limit: String(limit), order_by: metric }));
          const every = await pricedUsage(store, prices, query(window));
          const expected = topRows(every.rows, limit, metric);
          expect(ranked.rows).toEqual(expected.rows);
          expect(ranked.groups).toBe(expected.groups);
          const { cost_usd: cost, ...tokens } = ranked.total!;
          const { cost_usd: expectedCost, ...expectedTokens } = expected.total!;
          expect(tokens).toEqual(expectedTokens);
          // Summed in another order (by model and hour, not by session): equal to the last few bits.
          if (expectedCost === null) expect(cost).toBeNull();
          else expect(cost).toBeCloseTo(expectedCost, 12);
          expect(ranked.prices).toEqual(every.prices);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('pricingBucketMs', () => {
  it('prices hourly unless the requested bucket needs finer', () => {
    expect(pricingBucketMs(undefined)).toBe(hourMs);
    expect(pricingBucketMs(24 * hourMs)).toBe(hourMs);
    expect(pricingBucketMs(15 * minuteMs)).toBe(15 * minuteMs);
    // 90 minutes: each half hour lies inside one 90-minute bucket and one hour.
    expect(pricingBucketMs(90 * minuteMs)).toBe(30 * minuteMs);
  });
});
