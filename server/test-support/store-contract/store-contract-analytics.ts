import { beforeEach, describe, expect, it } from 'vitest';
import { analyticsQuerySchema, rlmFallbackQuerySchema } from '#protocol/api-queries';
import { contextSampleIntervalMs } from '../../store/context-sampling';
import type { EventStore } from '../../store/event-store';
import { fixtureStartMs, hourMs, makeItem, minuteMs } from '../store-test-events';

// RLM fallbacks, RLM and compaction analytics and the context-window series, as
// every EventStore must answer them: expectations computed by hand from the
// fixtures below. Part of describeStoreContract (store-contract.ts).

const T0 = fixtureStartMs;
const analytics = (q: Record<string, string> = {}) => analyticsQuerySchema.parse(q);
const fallbackQuery = (q: Record<string, string> = {}) => rlmFallbackQuerySchema.parse(q);

/** Four completions over three hours and two sessions; iterations 3, 5, 2, 5 and elapsed 4000, 9000, 1000, 7000. */
const rlmFixture = () => [
  makeItem('rlm_complete', 'rlm-a', 1, T0, { trace_id: 'r1', outcome: 'converged', iterations: 3, elapsed_ms: 4000, input_tokens: 1000, output_tokens: 100 }),
  makeItem('rlm_complete', 'rlm-a', 2, T0 + 10 * minuteMs, { trace_id: 'r2', outcome: 'exhausted', iterations: 5, elapsed_ms: 9000, input_tokens: 2000, output_tokens: 300 }),
  makeItem('rlm_complete', 'rlm-b', 1, T0 + 70 * minuteMs, { trace_id: 'r3', outcome: 'converged', iterations: 2, elapsed_ms: 1000, input_tokens: 500, output_tokens: 50 }),
  makeItem('rlm_complete', 'rlm-b', 2, T0 + 130 * minuteMs, { trace_id: 'r4', outcome: 'failed', iterations: 5, elapsed_ms: 7000, input_tokens: 800, output_tokens: 0 }),
  makeItem('rlm_subcall_fallback', 'rlm-a', 3, T0 + 5 * minuteMs, { requested_model: 'a/big', fallback_model: 'a/small' }),
  makeItem('rlm_subcall_fallback', 'rlm-a', 4, T0 + 20 * minuteMs, { requested_model: 'x/opus', fallback_model: 'x/haiku', reason: 'quota' }),
  makeItem('rlm_subcall_fallback', 'rlm-b', 3, T0 + 80 * minuteMs, { requested_model: 'a/big', fallback_model: 'a/small' }),
  makeItem('rlm_subcall_fallback', 'rlm-a', 5, T0 + 90 * minuteMs, { requested_model: 'a/big', fallback_model: 'a/small' }),
];

/** Three compaction traces: one plain, one down the terminal path (truncated, completed by truncate, still failed), one failed without fallback then completed. */
const compactionFixture = () => [
  makeItem('compaction_started', 'cmp-a', 1, T0, { trace_id: 'c1' }),
  makeItem('compaction_completed', 'cmp-a', 2, T0 + minuteMs, { trace_id: 'c1', strategy: 'rlm', before_tokens: 180000, after_tokens: 60000 }),
  makeItem('compaction_started', 'cmp-a', 3, T0 + 10 * minuteMs, { trace_id: 'c2' }),
  makeItem('context_truncated', 'cmp-a', 4, T0 + 11 * minuteMs, { trace_id: 'c2', dropped_tokens: 40000 }),
  makeItem('compaction_completed', 'cmp-a', 5, T0 + 11 * minuteMs, { trace_id: 'c2', strategy: 'truncate', before_tokens: 170000, after_tokens: 90000 }),
  makeItem('compaction_failed', 'cmp-a', 6, T0 + 12 * minuteMs, { trace_id: 'c2', fell_back_to: 'truncate' }),
  makeItem('compaction_started', 'cmp-b', 1, T0 + 70 * minuteMs, { trace_id: 'c3' }),
  makeItem('compaction_failed', 'cmp-b', 2, T0 + 71 * minuteMs, { trace_id: 'c3', fell_back_to: null }),
  makeItem('compaction_completed', 'cmp-b', 3, T0 + 72 * minuteMs, { trace_id: 'c3', strategy: 'chunk_compress', before_tokens: 150000, after_tokens: 100000 }),
];

const estimate = (sessionId: string, seq: number, tsMs: number, requestTokens: number) =>
  makeItem('token_estimate', sessionId, seq, tsMs, { request_tokens: requestTokens, budget: 200000, model: 'm/sonnet' });
const sample = (tsMs: number, requestTokens: number) => ({ ts_ms: tsMs, model: 'm/sonnet', request_tokens: requestTokens, budget: 200000 });

export function describeAnalytics(getStore: () => EventStore): void {
  describe('RLM fallbacks and stats', () => {
    beforeEach(async () => {
      await getStore().ingest(rlmFixture());
    });

    it('records each fallback once, filtered and paged by cursor', async () => {
      const store = getStore();
      const resent = await store.ingest([rlmFixture()[4]!]);
      expect(resent.outcomes[0]!.kind).toBe('duplicate');
      const all = await store.rlmFallbacks(fallbackQuery());
      expect(all.records.map(({ cursor: _cursor, ...rest }) => rest)).toEqual([
        { session_id: 'rlm-a', seq: 3, ts_ms: T0 + 5 * minuteMs, requested_model: 'a/big', fallback_model: 'a/small', reason: 'rate limited' },
        { session_id: 'rlm-a', seq: 4, ts_ms: T0 + 20 * minuteMs, requested_model: 'x/opus', fallback_model: 'x/haiku', reason: 'quota' },
        { session_id: 'rlm-b', seq: 3, ts_ms: T0 + 80 * minuteMs, requested_model: 'a/big', fallback_model: 'a/small', reason: 'rate limited' },
        { session_id: 'rlm-a', seq: 5, ts_ms: T0 + 90 * minuteMs, requested_model: 'a/big', fallback_model: 'a/small', reason: 'rate limited' },
      ]);
      expect(all.next_cursor).toBeNull();
      const seqs = (page: { records: { session_id: string; seq: number }[] }) => page.records.map((r) => `${r.session_id}#${r.seq}`);
      expect(seqs(await store.rlmFallbacks(fallbackQuery({ session: 'rlm-a' })))).toEqual(['rlm-a#3', 'rlm-a#4', 'rlm-a#5']);
      expect(seqs(await store.rlmFallbacks(fallbackQuery({ from: String(T0 + 20 * minuteMs), to: String(T0 + 90 * minuteMs) })))).toEqual(['rlm-a#4', 'rlm-b#3']);
      const first = await store.rlmFallbacks(fallbackQuery({ limit: '3' }));
      expect(first.next_cursor).toBe(first.records[2]!.cursor);
      expect(seqs(await store.rlmFallbacks(fallbackQuery({ after: String(first.next_cursor) })))).toEqual(['rlm-a#5']);
    });

    it('sums, counts and takes medians over every completion', async () => {
      expect(await getStore().rlmStats(analytics())).toEqual({
        totals: {
          completions: 4,
          by_outcome: { converged: 2, exhausted: 1, failed: 1 },
          input_tokens: 4300,
          output_tokens: 450,
          median_iterations: 4, // 2 3 | 5 5
          median_elapsed_ms: 5500, // 1000 4000 | 7000 9000
        },
        outcomes_over_time: [],
        iterations: [{ iterations: 2, count: 1 }, { iterations: 3, count: 1 }, { iterations: 5, count: 2 }],
        fallbacks: [
          { requested_model: 'a/big', fallback_model: 'a/small', count: 3, sessions: 2, last_ts_ms: T0 + 90 * minuteMs },
          { requested_model: 'x/opus', fallback_model: 'x/haiku', count: 1, sessions: 1, last_ts_ms: T0 + 20 * minuteMs },
        ],
      });
    });

    it('counts outcomes per bucket when one is asked for', async () => {
      expect((await getStore().rlmStats(analytics({ bucket: '1h' }))).outcomes_over_time).toEqual([
        { bucket_start_ms: T0, outcome: 'converged', count: 1 },
        { bucket_start_ms: T0, outcome: 'exhausted', count: 1 },
        { bucket_start_ms: T0 + hourMs, outcome: 'converged', count: 1 },
        { bucket_start_ms: T0 + 2 * hourMs, outcome: 'failed', count: 1 },
      ]);
    });

    it('filters by session list and time window, odd and even medians alike', async () => {
      const store = getStore();
      const sessionB = await store.rlmStats(analytics({ session: 'rlm-b,nobody' }));
      expect(sessionB.totals).toEqual({
        completions: 2, by_outcome: { converged: 1, failed: 1 }, input_tokens: 1300, output_tokens: 50, median_iterations: 3.5, median_elapsed_ms: 4000,
      });
      expect(sessionB.fallbacks).toEqual([{ requested_model: 'a/big', fallback_model: 'a/small', count: 1, sessions: 1, last_ts_ms: T0 + 80 * minuteMs }]);
      const window = await store.rlmStats(analytics({ from: String(T0 + 10 * minuteMs) }));
      expect(window.totals).toMatchObject({ completions: 3, median_iterations: 5, median_elapsed_ms: 7000 });
      expect(window.fallbacks.map((f) => f.count)).toEqual([2, 1]);
      const before = await store.rlmStats(analytics({ to: String(T0 + 10 * minuteMs) }));
      expect(before.totals).toMatchObject({ completions: 1, median_iterations: 3, median_elapsed_ms: 4000 });
    });

    it('answers zeros and null medians when nothing matches', async () => {
      expect(await getStore().rlmStats(analytics({ session: 'nobody', bucket: '1h' }))).toEqual({
        totals: { completions: 0, by_outcome: {}, input_tokens: 0, output_tokens: 0, median_iterations: null, median_elapsed_ms: null },
        outcomes_over_time: [],
        iterations: [],
        fallbacks: [],
      });
    });
  });

  describe('compaction stats', () => {
    beforeEach(async () => {
      await getStore().ingest(compactionFixture());
    });

    it('totals each kind, the tokens of completed compactions and the context truncations lost', async () => {
      expect(await getStore().compactionStats(analytics())).toEqual({
        totals: { started: 3, completed: 3, failed: 2, truncated: 1, before_tokens: 500000, after_tokens: 250000, dropped_tokens: 40000 },
        strategies_over_time: [],
      });
    });

    it('counts outcomes per bucket under their strategy labels', async () => {
      expect((await getStore().compactionStats(analytics({ bucket: '1h' }))).strategies_over_time).toEqual([
        { bucket_start_ms: T0, strategy: 'failed:truncate', count: 1 },
        { bucket_start_ms: T0, strategy: 'rlm', count: 1 },
        { bucket_start_ms: T0, strategy: 'truncate', count: 1 },
        { bucket_start_ms: T0, strategy: 'truncate (context lost)', count: 1 },
        { bucket_start_ms: T0 + hourMs, strategy: 'chunk_compress', count: 1 },
        { bucket_start_ms: T0 + hourMs, strategy: 'failed:none', count: 1 },
      ]);
    });

    it('filters by session list and time window', async () => {
      const store = getStore();
      expect((await store.compactionStats(analytics({ session: 'cmp-b' }))).totals).toEqual({
        started: 1, completed: 1, failed: 1, truncated: 0, before_tokens: 150000, after_tokens: 100000, dropped_tokens: 0,
      });
      const window = await store.compactionStats(analytics({ from: String(T0 + minuteMs), to: String(T0 + 11 * minuteMs), bucket: '1d' }));
      expect(window.totals).toMatchObject({ started: 1, completed: 1, truncated: 0, before_tokens: 180000 });
      expect(window.strategies_over_time).toEqual([{ bucket_start_ms: T0 - 13 * hourMs, strategy: 'rlm', count: 1 }]);
    });
  });

  describe('context series', () => {
    it(`keeps at most one token estimate per session every ${contextSampleIntervalMs} ms, never a stale one`, async () => {
      const store = getStore();
      const interval = contextSampleIntervalMs;
      await store.ingest([
        estimate('ctx', 1, T0, 1000),
        estimate('ctx', 2, T0 + 1000, 2000),
        estimate('other', 1, T0 + 1000, 9000),
        estimate('ctx', 3, T0 + interval, 3000),
        estimate('ctx', 3, T0 + 3 * interval, 3333), // same seq again: a duplicate
        estimate('ctx', 4, T0 + 2 * interval - 1, 4000),
      ]);
      await store.ingest([
        estimate('ctx', 2, T0 + 4 * interval, 2222), // older than last_seq: stale
        estimate('ctx', 5, T0 + 2 * interval, 5000),
        estimate('ctx', 6, T0 + 3 * interval - 1, 6000),
      ]);
      expect((await store.contextSeries('ctx')).samples).toEqual([sample(T0, 1000), sample(T0 + interval, 3000), sample(T0 + 2 * interval, 5000)]);
      expect((await store.contextSeries('other')).samples).toEqual([sample(T0 + 1000, 9000)]);
    });

    it("marks the session's own compaction records, in order", async () => {
      const store = getStore();
      await store.ingest([...compactionFixture(), estimate('cmp-b', 10, T0 + 80 * minuteMs, 120000)]);
      const series = await store.contextSeries('cmp-b');
      expect(series.samples).toEqual([sample(T0 + 80 * minuteMs, 120000)]);
      expect(series.markers.map((m) => `${m.trace_id}:${m.kind}`)).toEqual(['c3:started', 'c3:failed', 'c3:completed']);
      expect(series.markers[2]).toMatchObject({ session_id: 'cmp-b', seq: 3, strategy: 'chunk_compress', before_tokens: 150000, after_tokens: 100000 });
    });

    it('answers an empty series for a session it has never seen', async () => {
      expect(await getStore().contextSeries('nobody')).toEqual({ samples: [], markers: [] });
    });
  });
}
