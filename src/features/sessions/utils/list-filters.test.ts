import { describe, expect, it } from 'vitest';
import { defaultListFilters, listFiltersToParams } from './list-filters';

describe('list filters', () => {
  it('sends only what differs from the server defaults', () => {
    expect(listFiltersToParams(defaultListFilters)).toEqual({});
    expect(listFiltersToParams({ ...defaultListFilters, status: ['idle', 'error'], limit: 500 })).toEqual({ status: 'idle,error', limit: '500' });
  });
});
