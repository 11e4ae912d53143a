import type { UsageGroupKey } from '../../../protocol/usage-grouping';
import type { UsageRow } from '../../../protocol/cost-schemas';
import { metricValue, type UsageMetric } from '../../../protocol/usage-metric';
import { rowKey } from './usage-keys';

export interface TotalsLine {
  key: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Of the prompt tokens: read from the provider's cache (cheaper), and written to it. */
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** What those cache tokens cost (part of costUsd); null when none of them has a price. */
  cacheReadCostUsd: number | null;
  cacheWriteCostUsd: number | null;
  calls: number;
  /** USD of the priced part; null when nothing in it has a price. */
  costUsd: number | null;
  /** Tokens without a price, counted above but not in costUsd. */
  unpricedTokens: number;
  /** The cost the producers themselves reported; null when none did. */
  reportedCostUsd: number | null;
  /** Calls counted from usage reports (sessions whose producer sends no token_usage). */
  usageReportCalls: number;
  /** This line's part of the whole, by the chosen metric (0..1). */
  share: number;
}

export interface TotalsTable {
  lines: TotalsLine[];
  total: TotalsLine;
}

function addCost(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a + b;
}

function addRow(line: TotalsLine, row: UsageRow): void {
  line.promptTokens += row.prompt_tokens;
  line.completionTokens += row.completion_tokens;
  line.totalTokens += row.prompt_tokens + row.completion_tokens;
  line.cacheReadTokens += row.cache_read_tokens;
  line.cacheWriteTokens += row.cache_write_tokens;
  line.cacheReadCostUsd = addCost(line.cacheReadCostUsd, row.cache_read_cost_usd ?? null);
  line.cacheWriteCostUsd = addCost(line.cacheWriteCostUsd, row.cache_write_cost_usd ?? null);
  line.calls += row.calls;
  line.costUsd = addCost(line.costUsd, row.cost_usd);
  line.unpricedTokens += row.unpriced_tokens;
  line.reportedCostUsd = addCost(line.reportedCostUsd, row.reported_cost_usd);
  line.usageReportCalls += row.usage_report_calls;
}

function emptyLine(key: string): TotalsLine {
  return {
    key, promptTokens: 0, completionTokens: 0, totalTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cacheReadCostUsd: null, cacheWriteCostUsd: null, calls: 0, costUsd: null, unpricedTokens: 0, reportedCostUsd: null,
    usageReportCalls: 0, share: 0,
  };
}

/**
 * One line per key of `group` (rows of the same key are summed), largest by
 * `metric` first, each with its share of the whole, and a totals line (of
 * `wholeTotal` when the rows are only the top of a limited reply).
 * Costs add up only their priced parts: a line with no price keeps null, never 0.
 */
export function totalsTable(rows: readonly UsageRow[], group: UsageGroupKey, metric: UsageMetric, wholeTotal?: UsageRow): TotalsTable {
  const byKey = new Map<string, { line: TotalsLine; metric: number }>();
  for (const row of rows) {
    const key = rowKey(row, group);
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { line: emptyLine(key), metric: 0 }));
    addRow(entry.line, row);
    entry.metric += metricValue(row, metric);
  }
  // A reply limited to its top rows carries the sum of them all: the totals line and the shares are of the whole.
  const total = emptyLine('Total');
  for (const row of wholeTotal === undefined ? rows : [wholeTotal]) addRow(total, row);
  const metricTotal = wholeTotal === undefined ? [...byKey.values()].reduce((sum, entry) => sum + entry.metric, 0) : metricValue(wholeTotal, metric);
  // Ties in code-unit order, as the server sorts its rows: localeCompare was most of this function's time on 2,000 sessions.
  const lines = [...byKey.values()]
    .sort((a, b) => b.metric - a.metric || (a.line.key < b.line.key ? -1 : a.line.key > b.line.key ? 1 : 0))
    .map(({ line, metric: value }) => ({ ...line, share: metricTotal > 0 ? value / metricTotal : 0 }));
  return { lines, total: { ...total, share: lines.length > 0 && metricTotal > 0 ? 1 : 0 } };
}
