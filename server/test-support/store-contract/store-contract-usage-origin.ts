import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UsageRow } from '#protocol/cost-schemas';
import { sessionListQuerySchema, tokenUsageQuerySchema, usageQuerySchema } from '#protocol/api-queries';
import type { EventStore, UsageTotalsRow } from '../../store/event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import { makeItem, tokenUsageItem } from '../store-test-events';
import { usageStep } from '../../store/usage-origin';

// Issues 11 and 12, part of describeStoreContract (store-contract.ts): usage_report
// counted as root while a session has no token_usage and withdrawn by its first one
// (./usage-origin.ts), the producer of a session, token_usage labels and reported cost.

const T0 = Date.UTC(2026, 10, 24, 13);
const minute = 60_000;

const report = (sessionId: string, seq: number, tsMs: number, prompt: number, completion: number, model = 'acme/m') =>
  makeItem('usage_report', sessionId, seq, tsMs, { prompt_tokens: prompt, completion_tokens: completion, duration_ms: 50, model });

type Sums = Pick<UsageRow, 'prompt_tokens' | 'completion_tokens' | 'calls' | 'usage_report_calls'>;
const sumsOf = (rows: readonly UsageTotalsRow[]): Sums =>
  rows.reduce<Sums>(
    (total, row) => ({
      prompt_tokens: total.prompt_tokens + row.prompt_tokens,
      completion_tokens: total.completion_tokens + row.completion_tokens,
      calls: total.calls + row.calls,
      usage_report_calls: total.usage_report_calls + row.usage_report_calls,
    }),
    { prompt_tokens: 0, completion_tokens: 0, calls: 0, usage_report_calls: 0 },
  );

/**
 * A session's usage as every path of the aggregate reads it: raw rows (minute buckets),
 * each hourly rollup exactly as it is, and a rollup aggregated again. They must agree.
 */
async function usageEveryWay(store: EventStore, sessions: string[] | undefined): Promise<Sums[]> {
  const session = sessions?.join(',');
  const queries = [
    { bucket: '1m', group_by: 'source' },
    { bucket: '1h', group_by: 'source,model,session' },
    { bucket: '1h', group_by: 'source,model' },
    { group_by: 'source' },
  ];
  const all: Sums[] = [];
  for (const query of queries) {
    all.push(sumsOf(await store.usage(usageQuerySchema.parse({ ...query, ...(session === undefined ? {} : { session }) }))));
  }
  return all;
}

const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

interface UsageCall {
  session: number;
  type: 'usage_report' | 'token_usage' | 'thinking';
  prompt: number;
  completion: number;
  minute: number;
}

/** What the rule (./usage-origin.ts) says each session counts, over the events in the order they are stored. */
function expectedSums(items: readonly IngestItem[]): Map<string, Sums> {
  const counted = new Map<string, { origin: 'token_usage' | 'usage_report' | null; rows: { prompt: number; completion: number; report: boolean }[] }>();
  const seen = new Set<string>();
  for (const { event } of items) {
    const key = `${event.session_id}/${event.seq}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const session = counted.get(event.session_id) ?? { origin: null, rows: [] };
    counted.set(event.session_id, session);
    const { action, origin } = usageStep(session.origin, event as { type: 'token_usage' });
    session.origin = origin;
    if (action === 'withdraw_reports_then_count') session.rows = session.rows.filter((row) => !row.report);
    if (action === 'count' || action === 'withdraw_reports_then_count') {
      const e = event as unknown as { prompt_tokens: number; completion_tokens: number };
      session.rows.push({ prompt: e.prompt_tokens, completion: e.completion_tokens, report: event.type === 'usage_report' });
    }
  }
  const sums = new Map<string, Sums>();
  for (const [id, { rows }] of counted) {
    sums.set(
      id,
      rows.reduce<Sums>(
        (t, r) => ({
          prompt_tokens: t.prompt_tokens + r.prompt,
          completion_tokens: t.completion_tokens + r.completion,
          calls: t.calls + 1,
          usage_report_calls: t.usage_report_calls + (r.report ? 1 : 0),
        }),
        { prompt_tokens: 0, completion_tokens: 0, calls: 0, usage_report_calls: 0 },
      ),
    );
  }
  return sums;
}

const usageCallArb: fc.Arbitrary<UsageCall> = fc.record({
  session: fc.integer({ min: 0, max: 2 }),
  type: fc.constantFrom('usage_report', 'usage_report', 'token_usage', 'thinking'),
  prompt: fc.integer({ min: 0, max: 5000 }),
  completion: fc.integer({ min: 0, max: 500 }),
  // Over three hours, so the rows fall in several hourly rollup rows.
  minute: fc.integer({ min: 0, max: 179 }),
});

export function describeUsageOrigin(getStore: () => EventStore, propertyRuns = 25): void {
  describe('usage reports, producer, label and reported cost', () => {
    it('counts what the rule says in every read path, whatever the interleaving, batching and resends (property)', async () => {
      const store = getStore();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(usageCallArb, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), async (calls, cuts) => {
          run++;
          const ids = [0, 1, 2].map((i) => `prop-${run}-${i}`);
          const seqs = [0, 0, 0];
          const items = calls.map((call) => {
            const sessionId = ids[call.session]!;
            const seq = ++seqs[call.session]!;
            const tsMs = T0 + call.minute * minute;
            if (call.type === 'thinking') return makeItem('thinking', sessionId, seq, tsMs);
            if (call.type === 'usage_report') return report(sessionId, seq, tsMs, call.prompt, call.completion);
            return tokenUsageItem(sessionId, seq, tsMs, { model: 'acme/m', prompt_tokens: call.prompt, completion_tokens: call.completion });
          });
          // Batches cut anywhere; each after the first resends the one before it (duplicates must change nothing).
          const bounds = [...new Set([0, ...cuts.map((c) => c % items.length), items.length])].sort((a, b) => a - b);
          const sent: IngestItem[] = [];
          let previous: IngestItem[] = [];
          for (let i = 0; i + 1 < bounds.length; i++) {
            const batch = [...previous, ...items.slice(bounds[i], bounds[i + 1])];
            await store.ingest(batch);
            sent.push(...batch);
            previous = items.slice(bounds[i], bounds[i + 1]);
          }
          const expected = expectedSums(sent);
          for (const id of ids) {
            const want = expected.get(id) ?? { prompt_tokens: 0, completion_tokens: 0, calls: 0, usage_report_calls: 0 };
            expect(await usageEveryWay(store, [id])).toEqual(times(4, want));
            const summary = await store.getSession(id);
            if (summary === null) continue;
            expect([summary.prompt_tokens, summary.completion_tokens]).toEqual([want.prompt_tokens, want.completion_tokens]);
            const calls = Object.values(summary.tokens_by_source).reduce((n, totals) => n + totals.calls, 0);
            expect(calls).toBe(want.calls);
          }
        }),
        { numRuns: propertyRuns },
      );
      // Every run's sessions together, through the session-less rollup too.
      const all = [...expectedSumsOfStore(await store.listSessions(sessionListQuerySchema.parse({ limit: 500 })))];
      expect(await usageEveryWay(store, undefined)).toEqual(times(4, sumsOfSummaries(all)));
    });

    it('counts a session that sends only usage_report as root usage from usage reports, everywhere usage is read', async () => {
      const store = getStore();
      await store.ingest([report('r1', 1, T0, 100, 10), report('r1', 2, T0 + 61 * minute, 200, 20)]);
      await store.ingest([report('r1', 3, T0 + 2 * minute, 5, 1)]);
      expect(await store.getSession('r1')).toMatchObject({
        prompt_tokens: 305,
        completion_tokens: 31,
        usage_origin: 'usage_report',
        tokens_by_source: { root: { prompt_tokens: 305, completion_tokens: 31, calls: 3 } },
      });
      const records = (await store.tokenUsage(tokenUsageQuerySchema.parse({ session: 'r1' }))).records;
      expect(records.map((r) => [r.seq, r.source, r.origin, r.prompt_tokens, r.cache_read_tokens])).toEqual([
        [1, 'root', 'usage_report', 100, 0],
        [2, 'root', 'usage_report', 200, 0],
        [3, 'root', 'usage_report', 5, 0],
      ]);
      const expected = { prompt_tokens: 305, completion_tokens: 31, calls: 3, usage_report_calls: 3 };
      expect(await usageEveryWay(store, ['r1'])).toEqual(times(4, expected));
      expect(await usageEveryWay(store, undefined)).toEqual(times(4, expected));
    });

    it("withdraws a session's usage-report usage when its first token_usage arrives in a later batch, rows and rollups", async () => {
      const store = getStore();
      // Another session's reports in the same hours and model must stay.
      await store.ingest([report('w1', 1, T0, 100, 10), report('w1', 2, T0 + 61 * minute, 200, 20), report('other', 1, T0 + minute, 7, 7)]);
      await store.ingest([tokenUsageItem('w1', 3, T0 + 3 * minute, { source: 'rlm_subcall', model: 'acme/m', prompt_tokens: 40, completion_tokens: 4 })]);
      await store.ingest([report('w1', 4, T0 + 4 * minute, 40, 4)]);
      expect(await store.getSession('w1')).toMatchObject({
        prompt_tokens: 40,
        completion_tokens: 4,
        usage_origin: 'token_usage',
        tokens_by_source: { rlm_subcall: { prompt_tokens: 40, completion_tokens: 4, calls: 1 } },
      });
      expect((await store.getSession('w1'))!.tokens_by_source.root).toBeUndefined();
      const records = (await store.tokenUsage(tokenUsageQuerySchema.parse({ session: 'w1' }))).records;
      expect(records.map((r) => [r.seq, r.origin])).toEqual([[3, 'token_usage']]);
      expect(await usageEveryWay(store, ['w1'])).toEqual(times(4, { prompt_tokens: 40, completion_tokens: 4, calls: 1, usage_report_calls: 0 }));
      expect(await usageEveryWay(store, ['other'])).toEqual(times(4, { prompt_tokens: 7, completion_tokens: 7, calls: 1, usage_report_calls: 1 }));
      expect(await usageEveryWay(store, undefined)).toEqual(times(4, { prompt_tokens: 47, completion_tokens: 11, calls: 2, usage_report_calls: 1 }));
      // No rollup row is left with no calls.
      const hourly = await store.usage(usageQuerySchema.parse({ bucket: '1h', group_by: 'source,model,session', session: 'w1' }));
      expect(hourly.map((r) => [r.bucket_start_ms, r.source])).toEqual([[T0, 'rlm_subcall']]);
    });

    it('never counts twice when usage_report and token_usage for the same calls arrive in one batch, in any order', async () => {
      const store = getStore();
      await store.ingest([
        report('b1', 1, T0, 100, 10),
        tokenUsageItem('b1', 2, T0, { model: 'acme/m', prompt_tokens: 100, completion_tokens: 10 }),
        report('b1', 3, T0 + minute, 30, 3),
        tokenUsageItem('b1', 4, T0 + minute, { model: 'acme/m', prompt_tokens: 30, completion_tokens: 3 }),
        tokenUsageItem('b2', 1, T0, { model: 'acme/m', prompt_tokens: 1, completion_tokens: 1 }),
        report('b2', 2, T0, 1, 1),
      ]);
      expect(await store.getSession('b1')).toMatchObject({ prompt_tokens: 130, completion_tokens: 13, usage_origin: 'token_usage' });
      expect(await store.getSession('b2')).toMatchObject({ prompt_tokens: 1, completion_tokens: 1, usage_origin: 'token_usage' });
      expect(await usageEveryWay(store, ['b1'])).toEqual(times(4, { prompt_tokens: 130, completion_tokens: 13, calls: 2, usage_report_calls: 0 }));
      expect(await usageEveryWay(store, undefined)).toEqual(times(4, { prompt_tokens: 131, completion_tokens: 14, calls: 3, usage_report_calls: 0 }));
    });

    it('ignores a resent usage_report and a resent token_usage (duplicates change nothing)', async () => {
      const store = getStore();
      await store.ingest([report('d1', 1, T0, 10, 1)]);
      await store.ingest([report('d1', 1, T0, 10, 1), tokenUsageItem('d1', 2, T0, { prompt_tokens: 3, completion_tokens: 1 })]);
      await store.ingest([report('d1', 1, T0, 10, 1), tokenUsageItem('d1', 2, T0, { prompt_tokens: 3, completion_tokens: 1 })]);
      expect(await store.getSession('d1')).toMatchObject({ prompt_tokens: 3, completion_tokens: 1 });
      expect(await usageEveryWay(store, ['d1'])).toEqual(times(4, { prompt_tokens: 3, completion_tokens: 1, calls: 1, usage_report_calls: 0 }));
    });

    it("keeps the first producer a session's events name", async () => {
      const store = getStore();
      await store.ingest([makeItem('thinking', 'p1', 1, T0), makeItem('thinking', 'p2', 1, T0, { producer: 'otlp' })]);
      await store.ingest([makeItem('thinking', 'p1', 2, T0, { producer: 'codetether' }), makeItem('thinking', 'p2', 2, T0, { producer: 'codex' })]);
      expect((await store.getSession('p1'))!.producer).toBe('codetether');
      expect((await store.getSession('p2'))!.producer).toBe('otlp');
      expect(await store.listSessions(sessionListQuerySchema.parse({}))).toMatchObject({
        sessions: expect.arrayContaining([expect.objectContaining({ session_id: 'p1', producer: 'codetether' })]),
      });
    });

    it('stores token_usage label and reported cost, sums reported cost (null when no call reported one), groups by label', async () => {
      const store = getStore();
      await store.ingest([
        tokenUsageItem('l1', 1, T0, { model: 'acme/m', prompt_tokens: 10, completion_tokens: 1 }),
        makeItem('token_usage', 'l1', 2, T0 + minute, { source: 'root', model: 'acme/m', prompt_tokens: 20, completion_tokens: 2, duration_ms: 5, label: 'compact', reported_cost_usd: 0.25 }),
        makeItem('token_usage', 'l1', 3, T0 + 2 * minute, { source: 'root', model: 'acme/m', prompt_tokens: 30, completion_tokens: 3, duration_ms: 5, label: 'compact', reported_cost_usd: 0.5 }),
        makeItem('token_usage', 'l2', 1, T0, { source: 'root', model: 'acme/other', prompt_tokens: 1, completion_tokens: 1, duration_ms: 5 }),
      ]);
      const records = (await store.tokenUsage(tokenUsageQuerySchema.parse({ session: 'l1' }))).records;
      expect(records.map((r) => [r.label, r.reported_cost_usd])).toEqual([[null, null], ['compact', 0.25], ['compact', 0.5]]);
      const byModel = await store.usage(usageQuerySchema.parse({ group_by: 'model' }));
      expect(byModel.map((r) => [r.model, r.reported_cost_usd])).toEqual([['acme/m', 0.75], ['acme/other', null]]);
      // The rollups carry the reported cost too.
      const hourly = await store.usage(usageQuerySchema.parse({ bucket: '1h', group_by: 'source,model' }));
      expect(hourly.map((r) => [r.model, r.reported_cost_usd])).toEqual([['acme/m', 0.75], ['acme/other', null]]);
      const byLabel = await store.usage(usageQuerySchema.parse({ group_by: 'label', session: 'l1' }));
      expect(byLabel.map((r) => [r.label, r.calls, r.prompt_tokens, r.reported_cost_usd])).toEqual([['compact', 2, 50, 0.75], [null, 1, 10, null]]);
      const compactOnly = await store.usage(usageQuerySchema.parse({ group_by: 'session', label: 'compact' }));
      expect(compactOnly.map((r) => [r.session_id, r.calls])).toEqual([['l1', 2]]);
      expect((await store.tokenUsage(tokenUsageQuerySchema.parse({ label: 'compact' }))).records.map((r) => r.seq)).toEqual([2, 3]);
    });
  });
}

type SummaryTotals = { prompt_tokens: number; completion_tokens: number; calls: number };
function* expectedSumsOfStore(list: { sessions: { prompt_tokens: number; completion_tokens: number; tokens_by_source: Record<string, { calls: number } | undefined>; usage_origin: string | null }[] }): Generator<SummaryTotals & { reportCalls: number }> {
  for (const s of list.sessions) {
    const calls = Object.values(s.tokens_by_source).reduce((n, t) => n + (t?.calls ?? 0), 0);
    yield { prompt_tokens: s.prompt_tokens, completion_tokens: s.completion_tokens, calls, reportCalls: s.usage_origin === 'usage_report' ? calls : 0 };
  }
}

function sumsOfSummaries(all: readonly (SummaryTotals & { reportCalls: number })[]): Sums {
  return all.reduce<Sums>(
    (t, s) => ({
      prompt_tokens: t.prompt_tokens + s.prompt_tokens,
      completion_tokens: t.completion_tokens + s.completion_tokens,
      calls: t.calls + s.calls,
      usage_report_calls: t.usage_report_calls + s.reportCalls,
    }),
    { prompt_tokens: 0, completion_tokens: 0, calls: 0, usage_report_calls: 0 },
  );
}
