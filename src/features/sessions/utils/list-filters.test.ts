import { describe, expect, it } from 'vitest';
import { defaultListFilters, listFiltersToParams } from './list-filters';

describe('list filters', () => {
  it('sends only what differs from the server defaults', () => {
    expect(listFiltersToParams(defaultListFilters)).toEqual({});
    expect(listFiltersToParams({ ...defaultListFilters, status: ['active', 'error'], limit: 500 })).toEqual({ status: 'active,error', limit: '500' });
  });
});
