import { describe, expect, it } from 'vitest';
import type { PriceRule } from '#protocol/cost-schemas';
import { addAmounts, addCosts, cacheCostOf, costOf } from './token-cost';

const rule = (rates: Partial<PriceRule>): PriceRule => ({
  model: 'm',
  kind: 'override',
  provider: null,
  matched_model: 'm',
  input_per_mtok: null,
  output_per_mtok: null,
  cache_read_per_mtok: null,
  cache_write_per_mtok: null,
  effective_from_ms: null,
  note: null,
  ...rates,
});

// 10,000 prompt tokens of which 6,000 cache reads and 1,000 cache writes, and 500 completion tokens.
const tokens = { prompt_tokens: 10_000, completion_tokens: 500, cache_read_tokens: 6_000, cache_write_tokens: 1_000 };

describe('costOf', () => {
  it('charges uncached input, cache reads, cache writes and output each at their rate', () => {
    // (10,000 - 6,000 - 1,000) x 3 = 9,000; 6,000 x 0.3 = 1,800; 1,000 x 3.75 = 3,750; 500 x 15 = 7,500
    // 22,050 per million = $0.02205
    const cost = costOf(tokens, rule({ input_per_mtok: 3, output_per_mtok: 15, cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 }));
    expect(cost.cost_usd).toBeCloseTo(0.02205, 12);
    expect(cost.unpriced_tokens).toBe(0);
  });

  it('charges cache tokens at the input rate when the rule has no cache rates', () => {
    // all 10,000 prompt tokens x 2.5 = 25,000; 500 x 10 = 5,000; 30,000 per million = $0.03
    expect(costOf(tokens, rule({ input_per_mtok: 2.5, output_per_mtok: 10 })).cost_usd).toBeCloseTo(0.03, 12);
    // a cache-read rate but no cache-write rate: 3,000 x 2.5 + 6,000 x 1.25 + 1,000 x 2.5 + 500 x 10 = 7,500 + 7,500 + 2,500 + 5,000 = $0.0225
    expect(costOf(tokens, rule({ input_per_mtok: 2.5, output_per_mtok: 10, cache_read_per_mtok: 1.25 })).cost_usd).toBeCloseTo(0.0225, 12);
  });

  it('leaves an unpriced model without a cost and counts its prompt and completion tokens', () => {
    expect(costOf(tokens, rule({ kind: 'unpriced' }))).toEqual({ cost_usd: null, unpriced_tokens: 10_500 });
  });

  it('never charges a negative for cache counts that exceed the prompt', () => {
    // uncached clamps to 0: 200 x 1 (cache read at the input rate) + 0 output = $0.0002
    const bad = { prompt_tokens: 100, completion_tokens: 0, cache_read_tokens: 200, cache_write_tokens: 0 };
    expect(costOf(bad, rule({ input_per_mtok: 1, output_per_mtok: 1 })).cost_usd).toBeCloseTo(0.0002, 12);
  });
});

describe('addCosts', () => {
  it('is null only when both sides are unpriced', () => {
    expect(addCosts({ cost_usd: null, unpriced_tokens: 5 }, { cost_usd: null, unpriced_tokens: 7 })).toEqual({ cost_usd: null, unpriced_tokens: 12 });
    expect(addCosts({ cost_usd: null, unpriced_tokens: 5 }, { cost_usd: 0.5, unpriced_tokens: 0 })).toEqual({ cost_usd: 0.5, unpriced_tokens: 5 });
    expect(addCosts({ cost_usd: 0.25, unpriced_tokens: 0 }, { cost_usd: 0.5, unpriced_tokens: 1 })).toEqual({ cost_usd: 0.75, unpriced_tokens: 1 });
  });
});

describe('cacheCostOf', () => {
  it('is the cache part of costOf, at the cache rates or else the input rate', () => {
    const rates = rule({ input_per_mtok: 3, output_per_mtok: 15, cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 });
    const cache = cacheCostOf(tokens, rates);
    expect(cache.cache_read_cost_usd).toBeCloseTo(0.0018, 12); // 6,000 x 0.3
    expect(cache.cache_write_cost_usd).toBeCloseTo(0.00375, 12); // 1,000 x 3.75
    // The rest of costOf: uncached input and output.
    expect(costOf(tokens, rates).cost_usd! - cache.cache_read_cost_usd! - cache.cache_write_cost_usd!).toBeCloseTo(0.0165, 12);
    const noCacheRates = cacheCostOf(tokens, rule({ input_per_mtok: 3 }));
    expect([noCacheRates.cache_read_cost_usd, noCacheRates.cache_write_cost_usd]).toEqual([0.018, 0.003]);
  });

  it('is null when nothing is priced, never $0', () => {
    expect(cacheCostOf(tokens, rule({ kind: 'unpriced' }))).toEqual({ cache_read_cost_usd: null, cache_write_cost_usd: null });
    expect([addAmounts(null, null), addAmounts(null, 1), addAmounts(2, undefined), addAmounts(1, 2)]).toEqual([null, 1, 2, 3]);
  });
});
