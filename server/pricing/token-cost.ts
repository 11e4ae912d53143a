import type { PriceRule } from '#protocol/cost-schemas';

// The cost formula (protocol.md §Prices), pure. prompt_tokens is the whole input:
// it includes the cache-read and cache-write tokens, which have their own rates.

export interface TokenCounts {
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
}

export interface TokenCost {
  /** USD of the priced tokens; null when none of them has a price (never a made-up $0). */
  cost_usd: number | null;
  /** Prompt + completion tokens that no rule prices. */
  unpriced_tokens: number;
}

export const noCost: TokenCost = Object.freeze({ cost_usd: null, unpriced_tokens: 0 });

/**
 * cost = (prompt - cache_read - cache_write) x input + cache_read x cache_read_rate
 *      + cache_write x cache_write_rate + completion x output, all per million tokens.
 * A rule without a cache rate charges those tokens at the input rate: they are input
 * tokens, and charging them nothing would understate the bill.
 */
export function costOf(tokens: TokenCounts, rule: PriceRule): TokenCost {
  if (rule.kind === 'unpriced') return { cost_usd: null, unpriced_tokens: tokens.prompt_tokens + tokens.completion_tokens };
  const input = rule.input_per_mtok ?? 0;
  const output = rule.output_per_mtok ?? 0;
  // A producer that reports more cache tokens than prompt tokens broke the protocol; never charge a negative.
  const uncached = Math.max(0, tokens.prompt_tokens - tokens.cache_read_tokens - tokens.cache_write_tokens);
  const microUsd =
    uncached * input +
    tokens.cache_read_tokens * (rule.cache_read_per_mtok ?? input) +
    tokens.cache_write_tokens * (rule.cache_write_per_mtok ?? input) +
    tokens.completion_tokens * output;
  return { cost_usd: microUsd / 1e6, unpriced_tokens: 0 };
}

export interface CacheCost {
  /** USD of the cache-read tokens (part of cost_usd); null when the rule has no price. */
  cache_read_cost_usd: number | null;
  /** USD of the cache-write tokens (part of cost_usd); null when the rule has no price. */
  cache_write_cost_usd: number | null;
}

/** The cache parts of costOf, at the same rates (the input rate when the rule has no cache rate). */
export function cacheCostOf(tokens: Pick<TokenCounts, 'cache_read_tokens' | 'cache_write_tokens'>, rule: PriceRule): CacheCost {
  if (rule.kind === 'unpriced') return { cache_read_cost_usd: null, cache_write_cost_usd: null };
  const input = rule.input_per_mtok ?? 0;
  return {
    cache_read_cost_usd: (tokens.cache_read_tokens * (rule.cache_read_per_mtok ?? input)) / 1e6,
    cache_write_cost_usd: (tokens.cache_write_tokens * (rule.cache_write_per_mtok ?? input)) / 1e6,
  };
}

/** Two amounts together: null only when both are null (nothing priced on either side). */
export function addAmounts(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined) return b ?? null;
  if (b === null || b === undefined) return a;
  return a + b;
}

/** Two costs together: null only when both are null (nothing priced on either side). */
export function addCosts(a: TokenCost, b: TokenCost): TokenCost {
  return {
    cost_usd: a.cost_usd === null ? b.cost_usd : b.cost_usd === null ? a.cost_usd : a.cost_usd + b.cost_usd,
    unpriced_tokens: a.unpriced_tokens + b.unpriced_tokens,
  };
}
