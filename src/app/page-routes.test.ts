import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { usageRead, usageViewFirstQueries } from '../features/usage/api/usage-reads';
import { apiReadUrl } from '../lib/api/api-url';
import { matchPageRoute, pageRoutes } from './page-routes';

describe('matchPageRoute', () => {
  it('finds each page and its parameters as the router would', () => {
    expect(matchPageRoute('/')?.route).toBe(pageRoutes.sessions);
    expect(matchPageRoute('/usage')?.route).toBe(pageRoutes.usage);
    expect(matchPageRoute('/usage/')?.route).toBe(pageRoutes.usage);
    expect(matchPageRoute('/sessions/a%2Fb%20c')).toEqual({ route: pageRoutes.session, params: { sessionId: 'a/b c' } });
    expect(matchPageRoute('/sessions')).toBeNull();
    expect(matchPageRoute('/sessions/a/b')).toBeNull();
    expect(matchPageRoute('/nowhere')).toBeNull();
    // Not a valid escape: nothing is started early; the router shows the page as it can.
    expect(matchPageRoute('/sessions/%E0%A4%A')).toBeNull();
  });

  it('names the reads the session page makes first, events before the summary', () => {
    const { route, params } = matchPageRoute('/sessions/s%201')!;
    expect(route.firstReads?.(params, new URLSearchParams()).map(apiReadUrl)).toEqual([
      '/api/v1/sessions/s%201/events?order=desc&limit=200',
      '/api/v1/sessions/s%201',
    ]);
  });

  it('names the reads the Cost page makes first from its URL, the table first, as its queries ask for them', () => {
    const nowMs = Date.UTC(2026, 11, 4, 12, 10);
    vi.useFakeTimers({ now: nowMs, toFake: ['Date'] });
    onTestFinished(() => void vi.useRealTimers());
    const search = new URLSearchParams('group=session&metric=cost&model=openai%2Fgpt-5&rows=1000');
    const { route, params } = matchPageRoute('/usage')!;
    const from = Date.UTC(2026, 11, 3, 12, 0);
    expect(route.firstReads?.(params, search).map(apiReadUrl)).toEqual([
      `/api/v1/usage?group_by=session&from=${from}&model=openai%2Fgpt-5&limit=1000&order_by=cost`,
      `/api/v1/usage?group_by=source&bucket=1800000&from=${from}&model=openai%2Fgpt-5`,
      `/api/v1/usage?group_by=source%2Cmodel%2Cagent&from=${from}`,
    ]);
    // The page's own queries, as its route prefetches them: the same URLs, so the app takes the early reads over.
    expect(usageViewFirstQueries(search, nowMs).map((query) => apiReadUrl(usageRead(query)))).toEqual(route.firstReads?.(params, search).map(apiReadUrl));
    // A custom range without a start begins a day before the page's own clock: nothing is guessed.
    expect(route.firstReads?.(params, new URLSearchParams('range=custom&to=5000'))).toEqual([]);
  });
});
