import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionListQuerySchema } from '../protocol/api-queries';
import type { SessionList, SessionSummary } from '../protocol/api-schemas';
import { createQueryClient } from './query-client';
import { applySessionSummaries } from './session-cache';
import { sessionKeys } from './session-query-keys';
import { makeSummary } from './test-fixtures';

describe('applySessionSummaries', () => {
  const filters = sessionListQuerySchema.parse({});

  it('merges into cached lists and replaces cached details', () => {
    const client = createQueryClient();
    const a = makeSummary({ session_id: 'a' });
    client.setQueryData<SessionList>(sessionKeys.list(filters), { sessions: [a], total: 1 });
    client.setQueryData<SessionSummary>(sessionKeys.detail('a'), a);

    const fresher = { ...a, event_count: 42, last_seen_ms: 5_000 };
    applySessionSummaries(client, [fresher]);

    expect(client.getQueryData<SessionList>(sessionKeys.list(filters))?.sessions[0]).toEqual(fresher);
    expect(client.getQueryData<SessionSummary>(sessionKeys.detail('a'))).toEqual(fresher);
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
      client.setQueryData<SessionList>(sessionKeys.list(searched), { sessions: [], total: 0 });
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
