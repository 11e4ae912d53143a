import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionListQuerySchema } from '../../protocol/api-queries';
import type { SessionList, SessionSummary } from '../../protocol/api-schemas';
import { operatorStatusKinds } from '../../protocol/session-status';
import { createQueryClient } from '../api/query-client';
import { applySessionSummaries } from './session-cache';
import type { SessionPages } from './session-list-merge';
import { sessionKeys } from './session-query-keys';
import { makeSummary } from '../../test-support/fixtures';

const noCounts = Object.fromEntries(operatorStatusKinds.map((k) => [k, 0])) as SessionList['status_counts'];
const listOf = (sessions: SessionSummary[]): SessionList => ({ sessions, total: sessions.length, next_cursor: null, status_counts: noCounts, server_time_ms: 0 });

describe('applySessionSummaries', () => {
  const filters = sessionListQuerySchema.parse({});

  it('merges into cached lists and replaces cached details', () => {
    const client = createQueryClient();
    const a = makeSummary({ session_id: 'a' });
    client.setQueryData<SessionList>(sessionKeys.list(filters), listOf([a]));
    client.setQueryData<SessionSummary>(sessionKeys.detail('a'), a);

    const fresher = { ...a, event_count: 42, last_seen_ms: 5_000 };
    applySessionSummaries(client, [fresher]);

    expect(client.getQueryData<SessionList>(sessionKeys.list(filters))?.sessions[0]).toEqual(fresher);
    expect(client.getQueryData<SessionSummary>(sessionKeys.detail('a'))).toEqual(fresher);
  });

  it('puts fresh summaries into the rows of a paged list, in place, and has it re-read', () => {
    const client = createQueryClient();
    const a = makeSummary({ session_id: 'a', last_seen_ms: 3_000 });
    const b = makeSummary({ session_id: 'b', last_seen_ms: 2_000 });
    client.setQueryData<SessionPages>(sessionKeys.pages(filters), { pages: [listOf([a, b])], pageParams: [null] });
    const invalidate = vi.spyOn(client, 'invalidateQueries');

    const fresher = { ...b, last_seen_ms: 9_000, cost_usd: 1.25 };
    applySessionSummaries(client, [fresher]);

    const pages = client.getQueryData<SessionPages>(sessionKeys.pages(filters))!.pages;
    expect(pages[0]!.sessions).toEqual([a, fresher]);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: sessionKeys.pages(filters), exact: true }, { cancelRefetch: false });
  });

  it('does not create details nobody asked for', () => {
    const client = createQueryClient();
    applySessionSummaries(client, [makeSummary({ session_id: 'b' })]);
    expect(client.getQueryCache().find({ queryKey: sessionKeys.detail('b') })).toBeUndefined();
  });

  describe('lists only the server can settle', () => {
    afterEach(() => vi.useRealTimers());

    it('are re-read at most every two seconds, however fast summaries arrive', () => {
      vi.useFakeTimers();
      const client = createQueryClient();
      const searched = { ...filters, q: 'deploy' };
      client.setQueryData<SessionList>(sessionKeys.list(searched), listOf([]));
      const invalidate = vi.spyOn(client, 'invalidateQueries');

      for (let i = 0; i < 10; i++) applySessionSummaries(client, [makeSummary({ session_id: `new-${i}` })]);
      expect(invalidate).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(2_000);
      expect(invalidate).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(10_000);
      expect(invalidate).toHaveBeenCalledTimes(2);
    });
  });
});
