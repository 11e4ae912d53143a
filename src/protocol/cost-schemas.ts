import { z } from 'zod';
import { tokenSources } from './token-source';

// What the cost API answers (`/usage`, `/session-costs`, `/budgets`): the server
// builds these, the SPA parses them. Records and the rest of the API: ./api-schemas.ts.

export const usageRowSchema = z.object({
  bucket_start_ms: z.number().optional(),
  source: z.enum(tokenSources).optional(),
  model: z.string().optional(),
  session_id: z.string().optional(),
  /** The session's agent; null for sessions that never said. */
  agent: z.string().nullable().optional(),
  /** The calls' token_usage `label`; null for calls without one. */
  label: z.string().nullable().optional(),
  /**
   * Rows grouped by session: the session's title, agent and producer as it names them now
   * (null when it never said), so a reader names every session without reading the session list.
   */
  session_title: z.string().nullable().optional(),
  session_agent: z.string().nullable().optional(),
  session_producer: z.string().nullable().optional(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  cache_read_tokens: z.number(),
  cache_write_tokens: z.number(),
  calls: z.number(),
  /** Calls of the row counted from usage reports (sessions whose producer sends no token_usage). */
  usage_report_calls: z.number(),
  /** The sum of the cost the producers themselves reported; null when no call of the row reported one. */
  reported_cost_usd: z.number().nullable(),
  /** The cost of the priced part; null when no token of the row has a price: never shown as $0. */
  cost_usd: z.number().nullable(),
  /** Prompt + completion tokens of models without a price, included in the counts above but not in cost_usd. */
  unpriced_tokens: z.number(),
  /** The part of cost_usd paid for cache reads and for cache writes (what caching costs, and saves); null when unpriced. */
  cache_read_cost_usd: z.number().nullable().optional(),
  cache_write_cost_usd: z.number().nullable().optional(),
});
export type UsageRow = z.infer<typeof usageRowSchema>;

/**
 * The price rule applied to one model, over part of a range when an override
 * takes effect inside it. USD per million tokens. A null cache rate charges those
 * tokens at the input rate (a catalogue without a cache-write price, say); an
 * `unpriced` rule has no rates and its tokens count as unpriced, never as $0.
 */
export const priceRuleSchema = z.object({
  /** The model name as the agent reported it. */
  model: z.string(),
  kind: z.enum(['override', 'catalogue', 'unpriced']),
  /** The catalogue's provider and model id it matched, or the override's label. */
  provider: z.string().nullable(),
  matched_model: z.string().nullable(),
  input_per_mtok: z.number().nullable(),
  output_per_mtok: z.number().nullable(),
  cache_read_per_mtok: z.number().nullable(),
  cache_write_per_mtok: z.number().nullable(),
  /** When this rule starts to apply (overrides); null: always. */
  effective_from_ms: z.number().nullable(),
  /** Anything a reader should know: tiered prices priced at the first tier, the catalogue version. */
  note: z.string().nullable(),
});
export type PriceRule = z.infer<typeof priceRuleSchema>;

/** `GET /api/v1/usage`: the rows, and the price rules of every model that contributed to them. */
export const usageReplySchema = z.object({
  rows: z.array(usageRowSchema),
  prices: z.array(priceRuleSchema),
  /** With `limit`: every row summed, the ones left out too (no group keys), and how many rows there are in all. */
  total: usageRowSchema.optional(),
  groups: z.number().int().optional(),
});
export type UsageReply = z.infer<typeof usageReplySchema>;

export const sessionCostSchema = z.object({
  session_id: z.string(),
  /** Null when none of its tokens has a price. */
  cost_usd: z.number().nullable(),
  unpriced_tokens: z.number(),
  /** Cost of the last 15 minutes of usage, times 4; null when unpriced. */
  burn_usd_per_h: z.number().nullable(),
  last_usage_ms: z.number(),
  /** The sum of the cost the producer itself reported; null when no call reported one. */
  reported_cost_usd: z.number().nullable(),
  /** Calls counted from usage reports (a producer that sends no token_usage). */
  usage_report_calls: z.number(),
});
export type SessionCost = z.infer<typeof sessionCostSchema>;
export const sessionCostsReplySchema = z.object({ sessions: z.array(sessionCostSchema) });

/** USD thresholds, like the agent's own cost warn / limit settings; null: none. */
export const budgetSchema = z.object({
  warn_usd: z.number().positive().nullable(),
  limit_usd: z.number().positive().nullable(),
});
export type Budget = z.infer<typeof budgetSchema>;
/** `GET /api/v1/budgets`: the global default (from configuration) and the per-session overrides. */
export const budgetsReplySchema = z.object({
  global: budgetSchema,
  sessions: z.record(z.string(), budgetSchema),
});
export type BudgetsReply = z.infer<typeof budgetsReplySchema>;
