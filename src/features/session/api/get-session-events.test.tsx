import { QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../../lib/api/query-client';
import { pushedEventsCache } from '../../../lib/sessions/pushed-events-cache';
import { refreshAllSessionData, sessionsWithHistory } from '../../../lib/sessions/session-cache';
import { recordFreshStart } from '../../../live/store/live-actions';
import { storedRows } from '../utils/timeline-rows';
import { useSessionHistory } from './get-session-events';
import { OPENING_PAGE_SIZE } from './session-reads';
import { prefetchSessionPage } from './prefetch-session-page';

const SESSION = 'session-open-test';
const STORED = 5_000;
/** Events the fake API holds; a test may store more while the page is open. */
let stored = STORED;

/** A fake API over `stored` events of one session (cursor = seq), recording every URL asked for. */
function stubApi(): string[] {
  stored = STORED;
  const asked: string[] = [];
  const event = (seq: number) => ({ cursor: seq, event: { session_id: SESSION, seq, ts: 1_700_000_000_000 + seq, type: 'text_complete', text: `step ${seq}` } });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      asked.push(input);
      const url = new URL(input, 'http://page.test');
      if (url.pathname === `/api/v1/sessions/${SESSION}`) {
        return Response.json({ error: 'not in this test' }, { status: 404 });
      }
      const limit = Number(url.searchParams.get('limit'));
      if (url.searchParams.get('order') === 'asc') {
        // Oldest first, after `cursor` (exclusive).
        const after = Number(url.searchParams.get('cursor') ?? 0);
        const to = Math.min(stored, after + limit);
        const events = [];
        for (let seq = after + 1; seq <= to; seq++) events.push(event(seq));
        return Response.json({ events, next_cursor: to < stored ? to : null });
      }
      // Newest first, before `cursor` (exclusive), as the API reads `order=desc`.
      const before = Number(url.searchParams.get('cursor') ?? stored + 1);
      const from = Math.max(1, before - limit);
      const events = [];
      for (let seq = before - 1; seq >= from; seq--) events.push(event(seq));
      return Response.json({ events, next_cursor: from > 1 ? from : null });
    }),
  );
  return asked;
}

const eventReads = (asked: string[]) => asked.filter((url) => url.includes('/events')).map((url) => new URL(url, 'http://page.test').search);

describe('useSessionHistory opening a session', () => {
  it('reads a small opening page first, then the rest of the newest 1,000 in one read', async () => {
    const asked = stubApi();
    const client = createQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useSessionHistory(SESSION), { wrapper });

    await waitFor(() => expect(result.current.data?.pages.flatMap((page) => page.events)).toHaveLength(1_000));
    expect(eventReads(asked)).toEqual([`?order=desc&limit=${OPENING_PAGE_SIZE}`, `?order=desc&cursor=${STORED - OPENING_PAGE_SIZE + 1}&limit=${1_000 - OPENING_PAGE_SIZE}`]);
    // Still one ordinary step of earlier events to offer, and nothing read past the fill.
    expect(result.current.hasPreviousPage).toBe(true);
    expect(result.current.data?.pages[0]!.events[0]!.cursor).toBe(STORED - 999);
  });

  it('takes over the route loader prefetch instead of reading the opening page again', async () => {
    const asked = stubApi();
    const client = createQueryClient();
    prefetchSessionPage(client, SESSION);
    // Both reads are under way before the page's code has rendered anything.
    expect(eventReads(asked)).toEqual([`?order=desc&limit=${OPENING_PAGE_SIZE}`]);
    expect(asked).toContain(`/api/v1/sessions/${SESSION}`);

    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useSessionHistory(SESSION), { wrapper });
    await waitFor(() => expect(result.current.data?.pages.flatMap((page) => page.events)).toHaveLength(1_000));
    expect(eventReads(asked).filter((search) => !search.includes('cursor'))).toHaveLength(1);
  });

  it('reads on from what it holds after the live socket starts fresh, instead of reading every page again', async () => {
    const asked = stubApi();
    const client = createQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useSessionHistory(SESSION), { wrapper });
    await waitFor(() => expect(result.current.data?.pages.flatMap((page) => page.events)).toHaveLength(1_000));
    const readsBefore = eventReads(asked).length;

    // Stored after the history's read, before the socket streams from the head: neither has them.
    stored = STORED + 3;
    act(() => recordFreshStart(sessionsWithHistory(client)));
    refreshAllSessionData(client);

    await waitFor(() => expect(result.current.data?.pages.flatMap((page) => page.events)).toHaveLength(1_003));
    expect(eventReads(asked).slice(readsBefore)).toEqual([`?order=asc&cursor=${STORED}&limit=1000`]);
    expect(result.current.data?.pages.at(-1)!.events.at(-1)!.event.seq).toBe(STORED + 3);
  });

  it('reads nothing more when its first read began after the live socket started fresh', async () => {
    const asked = stubApi();
    const client = createQueryClient();
    // The socket went live before this page opened: no history was in the cache then.
    act(() => recordFreshStart(sessionsWithHistory(client)));
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useSessionHistory(SESSION), { wrapper });
    await waitFor(() => expect(result.current.data?.pages.flatMap((page) => page.events)).toHaveLength(1_000));
    // Settled: the opening page and the rest of the newest 1,000, and no forward read after them.
    await expect.poll(() => result.current.isFetching).toBe(false);
    expect(eventReads(asked)).toEqual([`?order=desc&limit=${OPENING_PAGE_SIZE}`, `?order=desc&cursor=${STORED - OPENING_PAGE_SIZE + 1}&limit=${1_000 - OPENING_PAGE_SIZE}`]);
  });

  it('shows a stored event the socket pushed while the page was reading once, read or pushed', async () => {
    stubApi();
    const client = createQueryClient();
    const pushed = pushedEventsCache(client);
    const event = (seq: number) => ({ cursor: seq, event: { session_id: SESSION, seq, ts: 1_700_000_000_000 + seq, type: 'text_complete', text: `step ${seq}` } });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useSessionHistory(SESSION), { wrapper });
    // The socket repeats the newest stored event and brings two more while the opening page is read.
    stored = STORED + 2;
    pushed.write([event(5_000), event(5_001), event(5_002)]);
    await waitFor(() => expect(result.current.data?.pages.flatMap((page) => page.events)).toHaveLength(1_002));
    // Pushed again (a reconnect's catch-up): still once each.
    pushed.write([event(5_001), event(5_002)]);
    const seqs = storedRows(result.current.data!.pages).map((row) => row.seq);
    expect(seqs.slice(-4)).toEqual([4_999, 5_000, 5_001, 5_002]);
    expect(new Set(seqs).size).toBe(seqs.length);
    pushed.dispose();
  });
});
