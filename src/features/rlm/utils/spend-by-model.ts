import type { UsageRow } from '../../../protocol/cost-schemas';

/** What RLM spent on one model: tokens of its iterations and of its subcalls, and their cost. */
export interface ModelSpend {
  model: string;
  iterationTokens: number;
  subcallTokens: number;
  totalTokens: number;
  calls: number;
  /** Null when none of the model's tokens has a price (never $0). */
  costUsd: number | null;
  unpricedTokens: number;
}

/** Usage rows grouped by model and source, folded to one entry per model, the most tokens first. Pure. */
export function spendByModel(rows: readonly UsageRow[]): ModelSpend[] {
  const byModel = new Map<string, ModelSpend>();
  for (const row of rows) {
    const model = row.model ?? 'unknown';
    let spend = byModel.get(model);
    if (!spend) {
      spend = { model, iterationTokens: 0, subcallTokens: 0, totalTokens: 0, calls: 0, costUsd: null, unpricedTokens: 0 };
      byModel.set(model, spend);
    }
    const tokens = row.prompt_tokens + row.completion_tokens;
    if (row.source === 'rlm_iteration') spend.iterationTokens += tokens;
    else if (row.source === 'rlm_subcall') spend.subcallTokens += tokens;
    spend.totalTokens += tokens;
    spend.calls += row.calls;
    spend.unpricedTokens += row.unpriced_tokens;
    if (row.cost_usd !== null) spend.costUsd = (spend.costUsd ?? 0) + row.cost_usd;
  }
  return [...byModel.values()].sort((a, b) => b.totalTokens - a.totalTokens || (a.model < b.model ? -1 : 1));
}

/** The whole RLM spend: null cost when nothing was priced. */
export function totalSpend(spends: readonly ModelSpend[]): { tokens: number; costUsd: number | null; unpricedTokens: number } {
  let tokens = 0;
  let costUsd: number | null = null;
  let unpricedTokens = 0;
  for (const spend of spends) {
    tokens += spend.totalTokens;
    unpricedTokens += spend.unpricedTokens;
    if (spend.costUsd !== null) costUsd = (costUsd ?? 0) + spend.costUsd;
  }
  return { tokens, costUsd, unpricedTokens };
}
