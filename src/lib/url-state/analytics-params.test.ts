import { describe, expect, it } from 'vitest';
import { analyticsParamsToSearch, defaultAnalyticsParams, parseAnalyticsParams, rangeQueryParams } from './analytics-params';

describe('analytics params', () => {
  it('round-trips a preset with a session, and leaves defaults out of the URL', () => {
    const params = { range: '7d' as const, fromMs: null, toMs: null, session: 'abc-123' };
    const search = analyticsParamsToSearch(params);
    expect(search.toString()).toBe('range=7d&session=abc-123');
    expect(parseAnalyticsParams(search)).toEqual(params);
    expect(analyticsParamsToSearch(defaultAnalyticsParams).toString()).toBe('');
  });

  it('reads a custom range link with both ends, as the pages have always written it', () => {
    expect(parseAnalyticsParams(new URLSearchParams('range=custom&from=1000&to=5000&session=s1'))).toEqual({ range: 'custom', fromMs: 1_000, toMs: 5_000, session: 's1' });
  });

  it('falls back to the default for what does not parse', () => {
    expect(parseAnalyticsParams(new URLSearchParams('range=2w&session=a%20b'))).toEqual(defaultAnalyticsParams);
    // Ends given with a preset are ignored.
    expect(parseAnalyticsParams(new URLSearchParams('range=1h&from=10&to=50'))).toEqual({ ...defaultAnalyticsParams, range: '1h' });
  });

  it('builds the query filters, leaving out what is not set', () => {
    expect(rangeQueryParams({ fromMs: 5, toMs: null }, '')).toEqual({ from: 5 });
    expect(rangeQueryParams({ fromMs: 5, toMs: 9 }, 's1')).toEqual({ from: 5, to: 9, session: 's1' });
  });
});
