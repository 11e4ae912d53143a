import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { SessionList } from '../../../protocol/api-schemas';
import { makeSummary } from '../../../test-support/fixtures';
import { usageKeys } from '../api/usage-query-keys';
import { useLiveUsageRefresh } from './use-live-usage-refresh';

const listOf = (promptTokens: number): SessionList => ({
  sessions: [makeSummary({ session_id: 'a', prompt_tokens: promptTokens, completion_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 })],
  total: 1,
  next_cursor: null,
  status_counts: { thinking: 0, streaming: 0, running_tool: 0, compacting: 0, rlm: 0, retrying: 0, awaiting_approval: 0, stalled: 0, idle: 1, abandoned: 0, done: 0, error: 0 },
  server_time_ms: 0,
});

/** A cached usage reply, as the page holds one, and whether the hook has marked it for a re-read. */
function setUp() {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  const key = usageKeys.list({ group_by: ['session'] });
  client.setQueryData(key, { rows: [], prices: [] });
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const invalidated = () => client.getQueryState(key)!.isInvalidated;
  return { wrapper, invalidated };
}

describe('useLiveUsageRefresh', () => {
  it('takes the first loaded session list as what the usage was read against, not the empty list before it', () => {
    const { wrapper, invalidated } = setUp();
    const { rerender } = renderHook(({ list }: { list: SessionList | undefined }) => useLiveUsageRefresh(list, true), { wrapper, initialProps: { list: undefined as SessionList | undefined } });
    rerender({ list: listOf(500) });
    expect(invalidated()).toBe(false);
  });

  it('re-reads the usage once the tokens of the listed sessions move', () => {
    const { wrapper, invalidated } = setUp();
    const { rerender } = renderHook(({ list }: { list: SessionList | undefined }) => useLiveUsageRefresh(list, true), { wrapper, initialProps: { list: listOf(500) } });
    expect(invalidated()).toBe(false);
    rerender({ list: listOf(700) });
    expect(invalidated()).toBe(true);
  });

  it('leaves a past range alone', () => {
    const { wrapper, invalidated } = setUp();
    const { rerender } = renderHook(({ list }: { list: SessionList | undefined }) => useLiveUsageRefresh(list, false), { wrapper, initialProps: { list: listOf(500) } });
    rerender({ list: listOf(700) });
    expect(invalidated()).toBe(false);
  });
});
