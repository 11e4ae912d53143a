import { describe, expect, it } from 'vitest';
import { makeUsageRow as row } from '../../../test-support/fixtures';
import { stackSeries } from './usage-series';
import { totalsTable } from './usage-totals';

const MIN = 60_000;

describe('stackSeries', () => {
  const rows = [
    row({ bucket_start_ms: 0, source: 'root', prompt_tokens: 100, completion_tokens: 20, cost_usd: 0.5 }),
    row({ bucket_start_ms: 0, source: 'rlm_subcall', prompt_tokens: 300, completion_tokens: 50 }),
    row({ bucket_start_ms: 2 * MIN, source: 'root', prompt_tokens: 10, completion_tokens: 5, cost_usd: 0.25 }),
  ];

  it('pivots one point per bucket, fills empty buckets, orders series by total', () => {
    const series = stackSeries(rows, 'source', 'total', [0, MIN, 2 * MIN]);
    // root: 120 + 15 = 135; rlm_subcall: 350; so rlm_subcall first.
    expect(series.keys).toEqual(['rlm_subcall', 'root']);
    expect(series.totals).toEqual({ rlm_subcall: 350, root: 135 });
    expect(series.grandTotal).toBe(485);
    expect(series.points).toEqual([
      { bucket_start_ms: 0, values: { root: 120, rlm_subcall: 350 } },
      { bucket_start_ms: MIN, values: {} },
      { bucket_start_ms: 2 * MIN, values: { root: 15 } },
    ]);
  });

  it('charts cost from priced rows only', () => {
    const series = stackSeries(rows, 'source', 'cost');
    // The unpriced rlm_subcall row adds 0, not a made-up price.
    expect(series.totals).toEqual({ root: 0.75, rlm_subcall: 0 });
    expect(series.keys).toEqual(['root', 'rlm_subcall']);
  });

  it('sums rows sharing a bucket and key (stacked by model over source-split rows)', () => {
    const split = [
      row({ bucket_start_ms: 0, source: 'root', model: 'm', prompt_tokens: 7 }),
      row({ bucket_start_ms: 0, source: 'rlm_subcall', model: 'm', prompt_tokens: 3 }),
    ];
    expect(stackSeries(split, 'model', 'prompt').points).toEqual([{ bucket_start_ms: 0, values: { m: 10 } }]);
  });

  it('keeps series named like Object.prototype members as series', () => {
    const named = ['__proto__', 'constructor', 'toString'].map((model, i) => row({ bucket_start_ms: 0, source: 'root', model, prompt_tokens: 10 * (i + 1) }));
    const series = stackSeries(named, 'model', 'prompt');
    expect(series.keys).toEqual(['toString', 'constructor', '__proto__']);
    expect(series.grandTotal).toBe(60);
    expect(Object.entries(series.points[0]!.values)).toEqual([['__proto__', 10], ['constructor', 20], ['toString', 30]]);
  });
});

describe('totalsTable', () => {
  const rows = [
    row({ model: 'priced', prompt_tokens: 1000, completion_tokens: 500, calls: 2, cost_usd: 0.0105, cache_read_tokens: 600, cache_write_tokens: 100, cache_read_cost_usd: 0.0006, cache_write_cost_usd: 0.0001 }),
    row({ model: 'unknown-x', prompt_tokens: 2000, completion_tokens: 1000, calls: 3, unpriced_tokens: 3000 }),
    // Partly priced: an override started in the middle of the range.
    row({ model: 'partly', prompt_tokens: 400, completion_tokens: 100, calls: 1, cost_usd: 0.002, unpriced_tokens: 200, reported_cost_usd: 0.5, usage_report_calls: 1 }),
  ];

  it('sums each key, shares by the metric, and a totals line', () => {
    const table = totalsTable(rows, 'model', 'total');
    // Totals 1500, 3000, 500 of 5000 tokens.
    expect(table.lines.map((l) => [l.key, l.totalTokens, l.share])).toEqual([
      ['unknown-x', 3000, 0.6],
      ['priced', 1500, 0.3],
      ['partly', 500, 0.1],
    ]);
    expect(table.total).toEqual({
      key: 'Total',
      promptTokens: 3400,
      completionTokens: 1600,
      totalTokens: 5000,
      cacheReadTokens: 600,
      cacheWriteTokens: 100,
      cacheReadCostUsd: 0.0006,
      cacheWriteCostUsd: 0.0001,
      calls: 6,
      costUsd: 0.0125,
      unpricedTokens: 3200,
      reportedCostUsd: 0.5,
      usageReportCalls: 1,
      share: 1,
    });
  });

  it('keeps an unpriced line null, never $0', () => {
    const table = totalsTable(rows, 'model', 'total');
    expect(table.lines.find((l) => l.key === 'unknown-x')?.costUsd).toBeNull();
    expect(totalsTable([rows[1]!], 'model', 'total').total.costUsd).toBeNull();
  });

  it('shares by cost when the metric is cost', () => {
    const table = totalsTable(rows, 'model', 'cost');
    // 0.0105 and 0.002 of 0.0125: 84% and 16%; the unpriced line has no share of the money.
    expect(table.lines.map((l) => l.key)).toEqual(['priced', 'partly', 'unknown-x']);
    expect(table.lines[0]!.share).toBeCloseTo(0.84, 10);
    expect(table.lines[1]!.share).toBeCloseTo(0.16, 10);
    expect(table.lines[2]!.share).toBe(0);
  });

  it("totals and shares a limited reply's top lines against the whole it carries, not against the lines shown", () => {
    // The server kept the two largest of three and summed all three.
    const whole = row({ prompt_tokens: 3400, completion_tokens: 1600, calls: 6, cost_usd: 0.0125, unpriced_tokens: 3200 });
    const table = totalsTable(rows.slice(0, 2), 'model', 'total', whole);
    expect(table.lines.map((l) => [l.key, l.share])).toEqual([
      ['unknown-x', 0.6],
      ['priced', 0.3],
    ]);
    expect(table.total).toMatchObject({ totalTokens: 5000, calls: 6, costUsd: 0.0125, unpricedTokens: 3200, share: 1 });
    expect(totalsTable(rows.slice(0, 2), 'model', 'cost', whole).lines[0]!.share).toBeCloseTo(0.84, 10);
  });

  it('is empty without rows', () => {
    expect(totalsTable([], 'source', 'total')).toEqual({
      lines: [],
      total: { key: 'Total', promptTokens: 0, completionTokens: 0, totalTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cacheReadCostUsd: null, cacheWriteCostUsd: null, calls: 0, costUsd: null, unpricedTokens: 0, reportedCostUsd: null, usageReportCalls: 0, share: 0 },
    });
  });
});
