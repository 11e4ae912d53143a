import type { UsageRow } from './cost-schemas';

// What a usage row is measured by, for ranking and charting. One home: the Cost
// page draws and ranks by it, and the usage API ranks a limited reply by it
// (`?limit=500&order_by=cost`), so the rows the server keeps are the ones the page
// would have put first.

export const usageMetrics = ['total', 'prompt', 'completion', 'cost'] as const;
export type UsageMetric = (typeof usageMetrics)[number];
/** The metrics a store can rank by alone; cost needs prices. */
export type TokenMetric = Exclude<UsageMetric, 'cost'>;

/** Tokens in the metric's sense, or the priced cost in USD (an unpriced row adds nothing to a cost chart). */
export function metricValue(row: Pick<UsageRow, 'prompt_tokens' | 'completion_tokens' | 'cost_usd'>, metric: UsageMetric): number {
  switch (metric) {
    case 'prompt':
      return row.prompt_tokens;
    case 'completion':
      return row.completion_tokens;
    case 'total':
      return row.prompt_tokens + row.completion_tokens;
    case 'cost':
      return row.cost_usd ?? 0;
  }
}
