import { describe, expect, it } from 'vitest';
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

  it('starts nothing early for the Cost page, whose reads need the schemas', () => {
    expect(matchPageRoute('/usage')?.route.firstReads).toBeUndefined();
  });
});
