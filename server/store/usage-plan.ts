import type { UsageQuery } from '#protocol/api-queries';
import { usageGroupKeys, type UsageGroupKey } from '#protocol/usage-grouping';
import { excludesDemo } from './demo-sessions';
import type { UsageTotalsRow } from './event-store';

// The SQL-free half of the usage aggregate (./usage-query.ts): which table answers
// a query (raw token_usage or the smallest hourly rollup that answers exactly), the
// group keys in their canonical order, and SQL rows to totals.

/** The width of a usage_hourly row: usage() may read the rollups for buckets that are multiples of it. */
export const rollupHourMs = 3_600_000;

const isHourAligned = (ms: number | undefined) => ms === undefined || ms % rollupHourMs === 0;

/**
 * The hourly rollup answers exactly when every bucket is a whole number of hours
 * (each hour then falls in one bucket) and the time window starts and ends on
 * hour boundaries (each hour is then wholly in or out). No bucket is one bucket.
 */
export function canUseHourlyRollup(query: UsageQuery): boolean {
  // The rollups have no label: a label grouping or filter reads the raw rows.
  if (query.label !== undefined || (query.group_by ?? []).includes('label')) return false;
  return (query.bucket === undefined || query.bucket % rollupHourMs === 0) && isHourAligned(query.from) && isHourAligned(query.to);
}

export type RollupTable = 'usage_hourly' | 'usage_model_hourly';

/**
 * usage_model_hourly (no session column, a few rows an hour) unless sessions matter.
 * It holds no demo session's usage (./demo-sessions.ts): a read that includes the demo
 * takes usage_hourly, which holds every session's.
 */
export function rollupTableFor(query: UsageQuery): RollupTable {
  const needsSessions =
    query.session !== undefined ||
    query.agent !== undefined ||
    query.include_demo === true ||
    (query.group_by ?? []).some((key) => key === 'session' || key === 'agent');
  return needsSessions ? 'usage_hourly' : 'usage_model_hourly';
}

/** Each rollup's key beside the hour. */
const rollupKeys: Record<RollupTable, readonly UsageGroupKey[]> = {
  usage_model_hourly: ['source', 'model'],
  usage_hourly: ['source', 'model', 'session'],
};

/**
 * The rollup whose rows answer the query as they are: grouped by exactly its key,
 * hourly, with no agent (which needs the sessions table). Null: aggregate instead.
 * The usage chart's month by source and model is this case: no GROUP BY to build.
 */
export function exactRollupFor(query: UsageQuery): RollupTable | null {
  if (!canUseHourlyRollup(query) || query.bucket !== rollupHourMs || query.agent !== undefined) return null;
  const table = rollupTableFor(query);
  const requested = new Set(query.group_by ?? []);
  const key = rollupKeys[table];
  return requested.size === key.length && key.every((k) => requested.has(k)) ? table : null;
}

/**
 * Whether rows read from `table` (token_usage or a rollup) must be filtered by
 * `session_id NOT IN demo_sessions`: when the query leaves the demo out and the
 * table holds demo usage (every one but usage_model_hourly).
 */
export const needsDemoFilter = (query: UsageQuery, table: 'token_usage' | RollupTable): boolean =>
  excludesDemo(query) && table !== 'usage_model_hourly';

/** Whether the rows need the sessions table joined (as `s`): the agent is per session. */
export const needsAgent = (query: UsageQuery): boolean => query.agent !== undefined || (query.group_by ?? []).includes('agent');

/**
 * Rows grouped by session carry the session's title, agent and producer (from the sessions
 * table, `s`): a reader then names every session it shows, not only those in a session list.
 */
export const needsSessionDetails = (query: UsageQuery): boolean => (query.group_by ?? []).includes('session');

/** The group keys asked for, in canonical order: rows sort the same for `model,source` and `source,model`. */
export function groupKeysOf(query: UsageQuery): UsageGroupKey[] {
  const requested = new Set(query.group_by ?? []);
  return usageGroupKeys.filter((key) => requested.has(key));
}

/** Sums two reported costs where null means "none reported" (not $0). */
export const addReportedCost = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

export interface UsageSqlRow {
  bucket_start_ms?: number;
  source?: UsageTotalsRow['source'];
  model?: string;
  session_id?: string;
  agent?: string | null;
  label?: string | null;
  /** Rows grouped by session: the session's own names (../usage-query.ts, sessionDetailColumns). */
  session_title?: string | null;
  session_agent?: string | null;
  session_producer?: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  /** NULL (not 0) from SUM(calls) over no rows. */
  calls: number | null;
  usage_report_calls: number | null;
  reported_cost_usd: number | null;
}

/** SQL rows (objects) to usage totals: group keys only where grouped (a null agent stays null). */
export function toUsageRows(rows: readonly UsageSqlRow[]): UsageTotalsRow[] {
  const usageRows: UsageTotalsRow[] = [];
  for (const row of rows) {
    // An ungrouped aggregate over no rows still yields one row (of NULL sums, or COUNT 0): that is "no usage".
    if (row.calls === null || row.calls === 0) continue;
    // The row is ours (a driver makes one object per row), and only the sums can be NULL: fixed in place.
    row.prompt_tokens ??= 0;
    row.completion_tokens ??= 0;
    row.cache_read_tokens ??= 0;
    row.cache_write_tokens ??= 0;
    row.usage_report_calls ??= 0;
    usageRows.push(row as UsageTotalsRow);
  }
  return usageRows;
}
