import { describe, expect, it } from 'vitest';
import { defaultListFilters, hasActiveFilters, listFiltersToSearch, parseListFilters } from './list-filters';

describe('list filters', () => {
  it('reads the defaults from an empty URL', () => {
    expect(parseListFilters(new URLSearchParams())).toEqual(defaultListFilters);
    expect(hasActiveFilters(defaultListFilters)).toBe(false);
  });

  it('parses filters and round-trips them, leaving defaults out', () => {
    const filters = parseListFilters(new URLSearchParams('status=active,error&q=deploy&sort=tokens&offset=100&utm=x'));
    expect(filters).toMatchObject({ status: ['active', 'error'], q: 'deploy', sort: 'tokens', order: 'desc', offset: 100 });
    expect(listFiltersToSearch(filters)).toBe('?status=active%2Cerror&q=deploy&sort=tokens&offset=100');
    expect(hasActiveFilters(filters)).toBe(true);
  });

  it('drops only the parameters that do not parse', () => {
    const filters = parseListFilters(new URLSearchParams('status=bogus&limit=-4&q=ok'));
    expect(filters.status).toBeUndefined();
    expect(filters.limit).toBe(defaultListFilters.limit);
    expect(filters.q).toBe('ok');
  });
});
