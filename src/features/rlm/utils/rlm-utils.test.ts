import { describe, expect, it } from 'vitest';
import { makeUsageRow as row } from '../../../test-support/fixtures';
import { iterationsHistogram } from './iterations-histogram';
import { spendByModel, totalSpend } from './spend-by-model';

describe('spendByModel', () => {
  it('folds sources into one entry per model, most tokens first', () => {
    const spends = spendByModel([
      row({ model: 'haiku', source: 'rlm_subcall', prompt_tokens: 1_000, completion_tokens: 200, cost_usd: 0.002, calls: 3 }),
      row({ model: 'sonnet', source: 'rlm_iteration', prompt_tokens: 5_000, completion_tokens: 500, cost_usd: 0.0225 }),
      row({ model: 'haiku', source: 'rlm_iteration', prompt_tokens: 300, completion_tokens: 100, cost_usd: 0.0005 }),
    ]);
    expect(spends).toEqual([
      { model: 'sonnet', iterationTokens: 5_500, subcallTokens: 0, totalTokens: 5_500, calls: 1, costUsd: 0.0225, unpricedTokens: 0 },
      { model: 'haiku', iterationTokens: 400, subcallTokens: 1_200, totalTokens: 1_600, calls: 4, costUsd: 0.0025, unpricedTokens: 0 },
    ]);
  });

  it('keeps an unpriced model unpriced, never $0, and totals only what is priced', () => {
    const spends = spendByModel([
      row({ model: 'local-llm', source: 'rlm_subcall', prompt_tokens: 800, completion_tokens: 200, unpriced_tokens: 1_000 }),
      row({ model: 'haiku', source: 'rlm_subcall', prompt_tokens: 100, completion_tokens: 0, cost_usd: 0.0001 }),
    ]);
    expect(spends[0]).toMatchObject({ model: 'local-llm', costUsd: null, unpricedTokens: 1_000 });
    expect(totalSpend(spends)).toEqual({ tokens: 1_100, costUsd: 0.0001, unpricedTokens: 1_000 });
    expect(totalSpend([spends[0]!])).toEqual({ tokens: 1_000, costUsd: null, unpricedTokens: 1_000 });
  });
});

describe('iterationsHistogram', () => {
  it('fills the holes between the smallest and largest count', () => {
    expect(
      iterationsHistogram([
        { iterations: 5, count: 1 },
        { iterations: 2, count: 4 },
      ]),
    ).toEqual([
      { iterations: 2, count: 4 },
      { iterations: 3, count: 0 },
      { iterations: 4, count: 0 },
      { iterations: 5, count: 1 },
    ]);
    expect(iterationsHistogram([])).toEqual([]);
  });

  it('does not draw hundreds of empty bars for an outlier', () => {
    expect(iterationsHistogram([{ iterations: 1, count: 2 }, { iterations: 1_000, count: 1 }])).toHaveLength(2);
  });
});
