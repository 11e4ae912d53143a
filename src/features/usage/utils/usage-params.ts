import { USAGE_LIMIT_MAX, usageGroupKeys, type UsageGroupKey } from '../../../protocol/usage-grouping';
import { tokenSources, type TokenSource } from '../../../protocol/token-source';
import { usageMetrics, type UsageMetric } from '../../../protocol/usage-metric';
import { defaultTimeRange, parseTimeRange, writeTimeRange, type TimeRange } from '../../../lib/time/time-range';
import { commaList, isOneOf, oneOf, wholeNumber } from '../../../lib/url-state/lenient-values';

// The Cost page's whole view state, in the URL so a copied link opens the same
// view: `/usage?range=24h&group=model&metric=cost&stack=model&source=root`.
// Read without zod: the app's early entry reads it to start the page's first
// reads while the app is still loading (../api/usage-reads.ts).

export const stackKeys = ['source', 'model'] as const;
export type StackKey = (typeof stackKeys)[number];
export const usageTabs = ['totals', 'prices'] as const;
export type UsageTab = (typeof usageTabs)[number];

export interface UsageFilters {
  source: TokenSource[];
  model: string[];
  session: string[];
  agent: string[];
  label: string[];
}
export type FilterKey = keyof UsageFilters;
export const filterKeys = ['source', 'model', 'session', 'agent', 'label'] as const satisfies readonly FilterKey[];

export interface UsageParams extends TimeRange {
  group: UsageGroupKey;
  metric: UsageMetric;
  stack: StackKey;
  tab: UsageTab;
  filters: UsageFilters;
  /** Count the built-in demo's sessions too (`demo=include`); the server leaves them out by default. */
  includeDemo: boolean;
  /** How many lines of the table to read, largest by the metric first (`rows=1000`): a fleet has thousands of sessions. */
  rows: number;
}

/** The table's first read, and each "show more" after it. */
export const TABLE_ROWS_STEP = 500;

export const noFilters: UsageFilters = { source: [], model: [], session: [], agent: [], label: [] };

export const defaultUsageParams: UsageParams = {
  ...defaultTimeRange,
  group: 'source',
  metric: 'total',
  stack: 'source',
  tab: 'totals',
  filters: noFilters,
  includeDemo: false,
  rows: TABLE_ROWS_STEP,
};

/** A URL can name this many values per filter; more is a hand-made URL, not a view. */
const MAX_FILTER_VALUES = 50;

/** A name filter's values: as long as the API takes (128 for ids and labels, 200 for names). */
function names(search: URLSearchParams, key: FilterKey, maxLength = 200): string[] {
  return commaList(search.get(key), (value) => value.length <= maxLength, MAX_FILTER_VALUES);
}

/** Parses leniently: a hand-edited value that does not fit falls back to its default, the rest still applies. */
export function parseUsageParams(search: URLSearchParams): UsageParams {
  return {
    ...parseTimeRange(search),
    group: oneOf(usageGroupKeys, search.get('group'), defaultUsageParams.group),
    metric: oneOf(usageMetrics, search.get('metric'), defaultUsageParams.metric),
    stack: oneOf(stackKeys, search.get('stack'), defaultUsageParams.stack),
    tab: oneOf(usageTabs, search.get('tab'), defaultUsageParams.tab),
    filters: {
      source: commaList(search.get('source'), (value) => isOneOf(tokenSources, value), MAX_FILTER_VALUES) as TokenSource[],
      model: names(search, 'model'),
      session: names(search, 'session', 128),
      agent: names(search, 'agent'),
      label: names(search, 'label', 128),
    },
    includeDemo: search.get('demo') === 'include',
    // The API's own bound on `limit`: a URL asks for no more than the server would answer.
    rows: wholeNumber(search.get('rows'), 1, USAGE_LIMIT_MAX) ?? defaultUsageParams.rows,
  };
}

/** Defaults left out, so the plain page has a plain URL; custom bounds only with the custom range. */
export function usageParamsToSearch(params: UsageParams): URLSearchParams {
  const search = new URLSearchParams();
  writeTimeRange(search, params);
  for (const key of ['group', 'metric', 'stack', 'tab'] as const) {
    if (params[key] !== defaultUsageParams[key]) search.set(key, params[key]);
  }
  for (const key of filterKeys) {
    if (params.filters[key].length > 0) search.set(key, params.filters[key].join(','));
  }
  if (params.includeDemo) search.set('demo', 'include');
  if (params.rows !== defaultUsageParams.rows) search.set('rows', String(params.rows));
  return search;
}

/** Adds `value` to the filter on `key`, or removes it when it is already there. */
export function toggleFilter(params: UsageParams, key: FilterKey, value: string): UsageParams {
  const current: readonly string[] = params.filters[key];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...params, filters: { ...params.filters, [key]: next } };
}

/** Narrows the filter on `key` to exactly `value` (a click on a chart segment or legend entry). */
export function narrowFilter(params: UsageParams, key: FilterKey, value: string): UsageParams {
  return { ...params, filters: { ...params.filters, [key]: [value] } };
}

export function hasFilters(filters: UsageFilters): boolean {
  return filterKeys.some((key) => filters[key].length > 0);
}
