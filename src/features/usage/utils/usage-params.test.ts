import { describe, expect, it } from 'vitest';
import { defaultUsageParams, narrowFilter, parseUsageParams, toggleFilter, usageParamsToSearch, type UsageParams } from './usage-params';

describe('usage params in the URL', () => {
  it('reads the plain URL as the defaults and writes the defaults as a plain URL', () => {
    expect(parseUsageParams(new URLSearchParams(''))).toEqual(defaultUsageParams);
    expect(usageParamsToSearch(defaultUsageParams).toString()).toBe('');
  });

  it('round-trips every control', () => {
    const params: UsageParams = {
      range: 'custom',
      fromMs: 1_700_000_000_000,
      toMs: 1_700_000_600_000,
      group: 'model',
      metric: 'cost',
      stack: 'model',
      tab: 'prices',
      filters: { source: ['root', 'rlm_subcall'], model: ['anthropic/claude-sonnet-4-5'], session: ['s-1'], agent: ['build'], label: [] },
      includeDemo: true,
      rows: 1_500,
    };
    const search = usageParamsToSearch(params);
    expect(search.get('rows')).toBe('1500');
    expect(search.get('source')).toBe('root,rlm_subcall');
    expect(search.get('demo')).toBe('include');
    expect(parseUsageParams(new URLSearchParams(search.toString()))).toEqual(params);
  });

  it('drops values that do not fit and keeps the rest', () => {
    const parsed = parseUsageParams(new URLSearchParams('range=2y&metric=cost&source=root,bogus,root&from=abc&group=nope&rows=-5'));
    expect(parsed.rows).toBe(defaultUsageParams.rows);
    expect(parsed.range).toBe('24h');
    expect(parsed.metric).toBe('cost');
    expect(parsed.group).toBe('source');
    expect(parsed.filters.source).toEqual(['root']);
    expect(parsed.fromMs).toBeNull();
  });

  it('ignores an end before the start', () => {
    expect(parseUsageParams(new URLSearchParams('range=custom&from=2000&to=1000')).toMs).toBeNull();
  });

  it('leaves custom bounds out of preset ranges', () => {
    expect(usageParamsToSearch({ ...defaultUsageParams, range: '1h', fromMs: 5, toMs: 9 }).toString()).toBe('range=1h');
  });
});

describe('filter changes', () => {
  it('toggles a value in and out', () => {
    const once = toggleFilter(defaultUsageParams, 'model', 'gpt-x');
    expect(once.filters.model).toEqual(['gpt-x']);
    expect(toggleFilter(once, 'model', 'gpt-x').filters.model).toEqual([]);
  });

  it('narrows to exactly the clicked key', () => {
    const two = { ...defaultUsageParams, filters: { ...defaultUsageParams.filters, source: ['root', 'rlm_subcall'] as UsageParams['filters']['source'] } };
    expect(narrowFilter(two, 'source', 'rlm_subcall').filters.source).toEqual(['rlm_subcall']);
  });
});
