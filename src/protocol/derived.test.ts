import { describe, expect, it } from 'vitest';
import {
  compactionReduction,
  compressionRatio,
  estimateFraction,
  isOverBudget,
  isRlmSource,
  isRlmSuccess,
  isTerminalStrategy,
  rlmProgressFraction,
  tokenTotal,
} from './derived';
import { isDurable } from './event-class';

// The seed's own example values (codetether_agent::session tests).
describe('derived figures', () => {
  it('TokenDelta::total adds prompt and completion', () => {
    expect(tokenTotal({ prompt_tokens: 1200, completion_tokens: 340 })).toBe(1540);
  });

  it('TokenEstimate::fraction and is_over_budget', () => {
    const near = { request_tokens: 94_000, budget: 128_000 };
    expect(estimateFraction(near)).toBeGreaterThan(0.7);
    expect(isOverBudget(near)).toBe(false);
    expect(isOverBudget({ request_tokens: 129_000, budget: 128_000 })).toBe(true);
    expect(isOverBudget({ request_tokens: 128_000, budget: 128_000 })).toBe(false);
    expect(estimateFraction({ request_tokens: 50, budget: 100 })).toBe(0.5);
    expect(estimateFraction({ request_tokens: 50, budget: 0 })).toBe(0);
  });

  it('CompactionOutcome::reduction', () => {
    expect(compactionReduction({ before_tokens: 140_000, after_tokens: 22_400 })).toBeGreaterThan(0.8);
    expect(compactionReduction({ before_tokens: 1000, after_tokens: 100 })).toBeCloseTo(0.9, 12);
    expect(compactionReduction({ before_tokens: 0, after_tokens: 100 })).toBe(0);
    // Clamped: a "compaction" that grew the context reduces nothing.
    expect(compactionReduction({ before_tokens: 100, after_tokens: 150 })).toBe(0);
  });

  it('RlmCompletion::compression_ratio', () => {
    expect(compressionRatio({ input_tokens: 0, output_tokens: 10 })).toBe(0);
    expect(compressionRatio({ input_tokens: 1000, output_tokens: 250 })).toBe(0.25);
  });

  it('RlmProgressEvent::fraction clamps and guards max 0', () => {
    expect(rlmProgressFraction({ iteration: 3, max_iterations: 10 })).toBeCloseTo(0.3);
    expect(rlmProgressFraction({ iteration: 12, max_iterations: 10 })).toBe(1);
    expect(rlmProgressFraction({ iteration: 3, max_iterations: 0 })).toBe(0);
  });

  it('outcome, strategy and source predicates', () => {
    expect(isRlmSuccess('converged')).toBe(true);
    for (const o of ['exhausted', 'failed', 'aborted'] as const) expect(isRlmSuccess(o)).toBe(false);
    expect(isTerminalStrategy('truncate')).toBe(true);
    expect(isTerminalStrategy('rlm')).toBe(false);
    expect(isTerminalStrategy('chunk_compress')).toBe(false);
    expect(isRlmSource('rlm_iteration')).toBe(true);
    expect(isRlmSource('rlm_subcall')).toBe(true);
    expect(isRlmSource('root')).toBe(false);
    expect(isRlmSource('tool_embedded')).toBe(false);
  });
});

describe('durability', () => {
  it('is exactly the seed set', () => {
    const seed = ['token_usage', 'rlm_complete', 'compaction_started', 'compaction_completed', 'compaction_failed', 'context_truncated', 'rlm_subcall_fallback'];
    for (const t of seed) expect(isDurable(t), t).toBe(true);
    expect(isDurable('thinking')).toBe(false);
    expect(isDurable('text_chunk')).toBe(false);
    expect(isDurable('tool_call_start')).toBe(false);
    expect(isDurable('some_future_variant')).toBe(false);
  });
});
