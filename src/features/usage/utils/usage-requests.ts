import type { QueryParams } from '../../../lib/api/api-url';
import type { UsageQuery } from '../../../protocol/api-queries';
import type { UsageGroupKey } from '../../../protocol/usage-grouping';
import type { ResolvedRange } from '../../../lib/time/time-range';
import { filterKeys, hasFilters, type StackKey, type UsageFilters, type UsageParams } from './usage-params';
import { NO_AGENT, NO_LABEL } from './usage-keys';

// The requests one view of the Cost page makes, derived from its URL state:
// the chart (bucketed, by the stack key), the table (by the group key), the
// sessions behind a narrowed view, and the choices for the filters. Pure.

function windowOf(range: ResolvedRange): Pick<UsageQuery, 'from' | 'to'> {
  return range.toMs === null ? { from: range.fromMs } : { from: range.fromMs, to: range.toMs };
}

function filterParams(filters: UsageFilters): Pick<UsageQuery, 'source' | 'model' | 'session' | 'agent' | 'label'> {
  const query: Pick<UsageQuery, 'source' | 'model' | 'session' | 'agent' | 'label'> = {};
  for (const key of filterKeys) {
    // Sessions without an agent (calls without a label) cannot be asked for by name: the API filters on names.
    const values =
      key === 'agent' ? filters.agent.filter((a) => a !== NO_AGENT) : key === 'label' ? filters.label.filter((l) => l !== NO_LABEL) : filters[key];
    if (values.length > 0) (query as Record<string, string[]>)[key] = [...values];
  }
  return query;
}

/** The built-in demo's sessions count only when the view asks (the server leaves them out by default). */
const demoParam = (includeDemo: boolean): Pick<UsageQuery, 'include_demo'> => (includeDemo ? { include_demo: true } : {});

export function chartQuery(range: ResolvedRange, stack: StackKey, filters: UsageFilters, includeDemo = false): UsageQuery {
  return { group_by: [stack], bucket: range.bucketMs, ...windowOf(range), ...filterParams(filters), ...demoParam(includeDemo) };
}

export function groupQuery(range: ResolvedRange, group: UsageGroupKey, filters: UsageFilters, includeDemo = false): UsageQuery {
  return { group_by: [group], ...windowOf(range), ...filterParams(filters), ...demoParam(includeDemo) };
}

/**
 * The usage reads one view of the page makes: the table (by the group key), the chart,
 * the sessions behind a narrowed view (null when the table already is by session or
 * nothing is narrowed), and the filter choices. The page and its route's prefetch both
 * build them here, so their query keys agree.
 */
export function usageViewQueries(params: UsageParams, range: ResolvedRange): { table: UsageQuery; chart: UsageQuery; sessions: UsageQuery | null; choices: UsageQuery } {
  const narrowedBySession = hasFilters(params.filters) && params.group !== 'session';
  // The tables read their top lines only, with every line summed beside them: grouped by
  // session, a fleet's whole table is megabytes, read again at every live refresh.
  const top = { limit: params.rows, order_by: params.metric };
  return {
    table: { ...groupQuery(range, params.group, params.filters, params.includeDemo), ...top },
    chart: chartQuery(range, params.stack, params.filters, params.includeDemo),
    sessions: narrowedBySession ? { ...groupQuery(range, 'session', params.filters, params.includeDemo), ...top } : null,
    choices: choicesQuery(range, params.includeDemo),
  };
}

/** Every source, model and agent with usage in the range, whatever the filters: the choices to filter by. */
export function choicesQuery(range: ResolvedRange, includeDemo = false): UsageQuery {
  return { group_by: ['source', 'model', 'agent'], ...windowOf(range), ...demoParam(includeDemo) };
}

/** The `usage` export: the table's rows (the chosen grouping, no buckets) under the same filters. */
export function usageExportParams(range: ResolvedRange, group: UsageGroupKey, filters: UsageFilters, includeDemo = false): QueryParams {
  return { ...groupQuery(range, group, filters, includeDemo) };
}

/**
 * The `token-usage` export (raw records) under the same filters as the view: the
 * records' query takes every filter the aggregate does, so the download is the view.
 */
export function tokenUsageExportParams(range: ResolvedRange, filters: UsageFilters, includeDemo = false): QueryParams {
  return { ...windowOf(range), ...filterParams(filters), ...demoParam(includeDemo) };
}
