import { describe, expect, it } from 'vitest';
import type { LiveStatusFacts } from '../../../lib/session-status';
import { makeLiveFacts, makeSummary } from '../../../lib/test-fixtures';
import { defaultOverviewParams, overviewParamsToSearch, parseOverviewParams, toggleSort } from './overview-params';
import { overviewRows } from './overview-rows';

const now = 100_000;
const a = makeSummary({ session_id: 'a', title: 'Alpha', last_seen_ms: now - 1_000, tokens_by_source: { root: { prompt_tokens: 10, completion_tokens: 5, calls: 1 } } });
const b = makeSummary({ session_id: 'b', title: 'Beta', status: 'done', last_seen_ms: now - 5_000, last_estimate: { model: 'm', request_tokens: 90, budget: 100, ts_ms: 1 } });
const c = makeSummary({ session_id: 'c', title: 'Gamma fix', last_seen_ms: now - 60_000, tokens_by_source: { root: { prompt_tokens: 100, completion_tokens: 5, calls: 1 } } });
const streaming: LiveStatusFacts = makeLiveFacts(now, { streaming: true });

describe('overview params', () => {
  it('round-trips through the URL and drops what does not parse', () => {
    const params = { q: 'fix', status: ['stalled', 'error'] as const, sort: 'context' as const, order: 'asc' as const };
    const search = overviewParamsToSearch({ ...params, status: [...params.status] });
    expect(search.toString()).toBe('q=fix&status=stalled%2Cerror&sort=context&order=asc');
    expect(parseOverviewParams(search)).toEqual({ ...params, status: ['stalled', 'error'] });
    expect(parseOverviewParams(new URLSearchParams('sort=nope&status=bogus,done&order=up'))).toEqual({ ...defaultOverviewParams, status: ['done'] });
    expect(overviewParamsToSearch(defaultOverviewParams).toString()).toBe('');
  });

  it('flips the order on the same column and picks a natural order for a new one', () => {
    expect(toggleSort(defaultOverviewParams, 'last').order).toBe('asc');
    expect(toggleSort(defaultOverviewParams, 'title')).toMatchObject({ sort: 'title', order: 'asc' });
    expect(toggleSort(defaultOverviewParams, 'tokens')).toMatchObject({ sort: 'tokens', order: 'desc' });
  });
});

describe('overviewRows', () => {
  it('derives statuses, counts them and filters by status and text', () => {
    const all = overviewRows([a, b, c], new Map([['a', streaming]]), defaultOverviewParams, now);
    expect(all.rows.map((r) => [r.summary.session_id, r.status.kind])).toEqual([
      ['a', 'streaming'],
      ['b', 'done'],
      ['c', 'stalled'],
    ]);
    expect(all.countsByStatus).toMatchObject({ streaming: 1, done: 1, stalled: 1, idle: 0 });
    expect(overviewRows([a, b, c], new Map(), { ...defaultOverviewParams, status: ['stalled'] }, now).rows.map((r) => r.summary.session_id)).toEqual(['c']);
    expect(overviewRows([a, b, c], new Map(), { ...defaultOverviewParams, q: 'FIX' }, now).rows.map((r) => r.summary.session_id)).toEqual(['c']);
  });

  it('moves a session silent past the abandoned threshold out of the active count, into its own filter', () => {
    const thresholds = { stalledAfterMs: 30_000, abandonedAfterMs: 50_000 };
    const all = overviewRows([a, b, c], new Map([['a', streaming]]), defaultOverviewParams, now, thresholds);
    expect(all.rows.map((r) => r.status.kind)).toEqual(['streaming', 'done', 'abandoned']);
    expect(all.countsByStatus).toMatchObject({ streaming: 1, done: 1, stalled: 0, abandoned: 1 });
    expect(all.activeCount).toBe(1);
    // With the default (30 min), the same silence is only a stall, and still active.
    expect(overviewRows([a, b, c], new Map([['a', streaming]]), defaultOverviewParams, now).activeCount).toBe(2);
    const onlyAbandoned = overviewRows([a, b, c], new Map(), { ...defaultOverviewParams, status: ['abandoned'] }, now, thresholds);
    expect(onlyAbandoned.rows.map((r) => r.summary.session_id)).toEqual(['c']);
    expect(parseOverviewParams(new URLSearchParams('status=abandoned,rlm')).status).toEqual(['abandoned', 'rlm']);
  });

  it('sorts by any column', () => {
    const ids = (sort: typeof defaultOverviewParams.sort, order: 'asc' | 'desc') =>
      overviewRows([a, b, c], new Map(), { ...defaultOverviewParams, sort, order }, now).rows.map((r) => r.summary.session_id);
    expect(ids('tokens', 'desc')).toEqual(['c', 'a', 'b']);
    expect(ids('context', 'desc')[0]).toBe('b');
    expect(ids('title', 'desc')).toEqual(['c', 'b', 'a']);
    expect(ids('status', 'asc')).toEqual(['c', 'a', 'b']);
  });
});
