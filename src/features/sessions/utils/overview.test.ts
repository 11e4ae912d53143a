import { describe, expect, it } from 'vitest';
import { listFiltersToParams } from './list-filters';
import { defaultOverviewParams, overviewParamsToSearch, parseOverviewParams, toggleSort } from './overview-params';
import { OVERVIEW_PAGE_SIZE, overviewQuery } from './overview-query';

describe('overview params', () => {
  it('round-trips through the URL and drops what does not parse', () => {
    const params = { q: 'fix', status: ['stalled', 'error'] as const, sort: 'cost' as const, order: 'asc' as const };
    const search = overviewParamsToSearch({ ...params, status: [...params.status] });
    expect(search.toString()).toBe('q=fix&status=stalled%2Cerror&sort=cost&order=asc');
    expect(parseOverviewParams(search)).toEqual({ ...params, status: ['stalled', 'error'] });
    expect(parseOverviewParams(new URLSearchParams('sort=nope&status=bogus,done&order=up'))).toEqual({ ...defaultOverviewParams, status: ['done'] });
    // The context sort is gone (the server cannot sort by it): an old link falls back to the default.
    expect(parseOverviewParams(new URLSearchParams('sort=context')).sort).toBe('last');
    expect(parseOverviewParams(new URLSearchParams('status=abandoned,rlm')).status).toEqual(['abandoned', 'rlm']);
    expect(overviewParamsToSearch(defaultOverviewParams).toString()).toBe('');
  });

  it('flips the order on the same column and picks a natural order for a new one', () => {
    expect(toggleSort(defaultOverviewParams, 'last').order).toBe('asc');
    expect(toggleSort(defaultOverviewParams, 'title')).toMatchObject({ sort: 'title', order: 'asc' });
    expect(toggleSort(defaultOverviewParams, 'cost')).toMatchObject({ sort: 'cost', order: 'desc' });
  });
});

describe('overviewQuery', () => {
  it('asks the server for the view: text, operator statuses, sort, one page, the stalled threshold', () => {
    const query = overviewQuery({ q: ' bulk-0012 ', status: ['stalled', 'awaiting_approval'], sort: 'cost', order: 'desc' }, 45_000);
    expect(listFiltersToParams(query)).toEqual({
      q: 'bulk-0012',
      status: 'awaiting_approval,stalled',
      sort: 'cost',
      stalled_after_ms: '45000',
    });
  });

  it('sends only what differs from the server defaults', () => {
    expect(listFiltersToParams(overviewQuery(defaultOverviewParams, 30_000))).toEqual({});
    expect(overviewQuery(defaultOverviewParams, 30_000).limit).toBe(OVERVIEW_PAGE_SIZE);
  });

  it('sorts by age as the first-seen time, the other way round', () => {
    expect(overviewQuery({ ...defaultOverviewParams, sort: 'age', order: 'desc' }, 30_000)).toMatchObject({ sort: 'first_seen', order: 'asc' });
    expect(overviewQuery({ ...defaultOverviewParams, sort: 'last', order: 'desc' }, 30_000)).toMatchObject({ sort: 'last_seen', order: 'desc' });
  });
});
