import { describe, expect, it } from 'vitest';
import { tokenUsageQuerySchema, usageQuerySchema } from '../../../protocol/api-queries';
import { toQueryString } from '../../../lib/api/api-url';
import { chartQuery, choicesQuery, groupQuery, tokenUsageExportParams, usageExportParams, usageViewQueries } from './usage-requests';
import { defaultUsageParams, noFilters, type UsageFilters } from './usage-params';
import type { ResolvedRange } from '../../../lib/time/time-range';
import { NO_AGENT, NO_LABEL } from './usage-keys';

const live: ResolvedRange = { fromMs: 1_000_000, toMs: null, bucketMs: 60_000, live: true };
const past: ResolvedRange = { fromMs: 1_000_000, toMs: 2_000_000, bucketMs: 60_000, live: false };
const filters: UsageFilters = { source: ['root'], model: ['m-1', 'm-2'], session: [], agent: ['build', NO_AGENT], label: ['plan', NO_LABEL] };

/** What the server would parse from the query string the client sends. */
const roundTrip = (params: Record<string, unknown>) =>
  usageQuerySchema.parse(Object.fromEntries(new URLSearchParams(toQueryString(params as never).slice(1))));

describe('usage requests', () => {
  it('asks the chart for buckets by the stack key, open-ended while live', () => {
    const query = chartQuery(live, 'model', filters);
    expect(query).toEqual({ group_by: ['model'], bucket: 60_000, from: 1_000_000, source: ['root'], model: ['m-1', 'm-2'], agent: ['build'], label: ['plan'] });
    // The server's own schema reads back exactly the same query.
    expect(roundTrip(query)).toEqual(query);
  });

  it('asks for the demo sessions only when the view includes them, in every request and export', () => {
    expect(groupQuery(past, 'model', noFilters)).not.toHaveProperty('include_demo');
    const query = groupQuery(past, 'model', noFilters, true);
    expect(query).toEqual({ group_by: ['model'], from: 1_000_000, to: 2_000_000, include_demo: true });
    expect(roundTrip(query)).toEqual(query);
    expect(chartQuery(live, 'source', noFilters, true).include_demo).toBe(true);
    expect(choicesQuery(live, true).include_demo).toBe(true);
    expect(usageExportParams(past, 'model', noFilters, true)).toEqual(query);
    expect(tokenUsageQuerySchema.parse(Object.fromEntries(new URLSearchParams(toQueryString(tokenUsageExportParams(past, noFilters, true)).slice(1)))).include_demo).toBe(true);
  });

  it('asks the table for totals by the group key within a closed window', () => {
    const query = groupQuery(past, 'session', noFilters);
    expect(query).toEqual({ group_by: ['session'], from: 1_000_000, to: 2_000_000 });
    expect(roundTrip(query)).toEqual(query);
    expect(usageExportParams(past, 'session', noFilters)).toEqual(query);
  });

  it("reads only the table's top lines by the view's metric, and exports every line", () => {
    const params = { ...defaultUsageParams, group: 'session' as const, metric: 'cost' as const, rows: 1_000 };
    const { table } = usageViewQueries(params, past);
    expect(table).toEqual({ group_by: ['session'], from: 1_000_000, to: 2_000_000, limit: 1_000, order_by: 'cost' });
    expect(roundTrip(table)).toEqual(table);
    expect(usageExportParams(past, 'session', noFilters)).not.toHaveProperty('limit');
    // The sessions behind a narrowed view likewise: a filter on one model can still cover most of a fleet.
    const narrowed = usageViewQueries({ ...params, group: 'model', filters: { ...noFilters, model: ['m-1'] } }, past);
    expect(narrowed.sessions).toEqual({ group_by: ['session'], from: 1_000_000, to: 2_000_000, model: ['m-1'], limit: 1_000, order_by: 'cost' });
  });

  it('reads the filter choices without the filters', () => {
    expect(choicesQuery(live)).toEqual({ group_by: ['source', 'model', 'agent'], from: 1_000_000 });
  });

  it('exports raw records under every filter of the view, lists and agents included', () => {
    const params = tokenUsageExportParams(past, filters);
    expect(params).toEqual({ from: 1_000_000, to: 2_000_000, source: ['root'], model: ['m-1', 'm-2'], agent: ['build'], label: ['plan'] });
    // The records' own schema reads back the same filters from the query string.
    const sent = Object.fromEntries(new URLSearchParams(toQueryString(params as never).slice(1)));
    expect(tokenUsageQuerySchema.parse(sent)).toMatchObject(params);
    expect(tokenUsageExportParams(past, { ...noFilters, session: ['s-1', 's-2'] })).toEqual({ from: 1_000_000, to: 2_000_000, session: ['s-1', 's-2'] });
  });
});
