import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionSummary } from '#protocol/api-schemas';
import {
  compactionQuerySchema,
  rlmQuerySchema,
  sessionListQuerySchema,
  tokenUsageQuerySchema,
  usageQuerySchema,
} from '#protocol/api-queries';
import type { EventStore } from '../../store/event-store';
import { describeAnalytics } from './store-contract-analytics';
import { describeEventReads, describeRecordReads, describeSessionReads } from './store-contract-reads';
import { describeFleetListing } from './store-contract-fleet';
import { describeEventSearch } from './store-contract-search';
import { describeUsage, usageRow } from './store-contract-usage';
import { describeBudgets } from './store-contract-budgets';
import { describeDemoData } from './store-contract-demo';
import { describeUsageOrigin } from './store-contract-usage-origin';
import {
  fixtureStartMs,
  makeItem,
  makeUnknownItem,
  sessionListFixture,
  sessionSyncItem,
  tokenUsageItem,
  usageFixture,
} from '../store-test-events';

// The behaviour every EventStore must show, whatever it is built on: ingest and
// its outcomes, summaries, typed rows and persistence here; the read queries in
// store-contract-reads.ts and the usage aggregate in store-contract-usage.ts.
// Queries are parsed from query-string values by the REST schemas, exactly as
// the API will.

export interface StoreContractOptions {
  /** Closes `store` and opens the same storage again. Omit for a store that does not outlive close(). */
  reopen?: (store: EventStore) => Promise<EventStore>;
}

const T0 = fixtureStartMs;
const listQuery = (q: Record<string, string> = {}) => sessionListQuerySchema.parse(q);
/** Operator statuses are derived against a clock: a fixed one makes two listings comparable. */
const fixedClock = { nowMs: T0 + 60 * 60_000, abandonedAfterMs: 30 * 60_000 };
const usageQuery = (q: Record<string, string> = {}) => usageQuerySchema.parse(q);
const idsOf = (sessions: readonly SessionSummary[]) => sessions.map((s) => s.session_id);
const cursorsOf = (items: readonly { cursor: number }[]) => items.map((r) => r.cursor);

export function describeStoreContract(name: string, makeStore: () => Promise<EventStore>, options: StoreContractOptions = {}): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('ingest', () => {
      it('answers one outcome per item, in item order', async () => {
        const result = await store.ingest([
          makeItem('text_complete', 's1', 1, T0),
          makeItem('thinking', 's1', 2, T0),
          makeUnknownItem('s1', 3, T0),
          tokenUsageItem('s1', 4, T0, { prompt_tokens: 1, completion_tokens: 1 }),
          makeItem('text_complete', 's1', 1, T0),
          makeItem('thinking', 's1', 2, T0),
          sessionSyncItem('s2', 1, T0, { title: 'Second' }),
        ]);
        expect(result.outcomes.map((o) => o.kind)).toEqual(['stored', 'live', 'live', 'stored', 'duplicate', 'duplicate', 'live']);
        expect(idsOf(result.sessions).sort()).toEqual(['s1', 's2']);
      });

      it('gives stored events strictly increasing cursors, across batches too', async () => {
        const first = await store.ingest([makeItem('text_complete', 's1', 1, T0), makeItem('text_complete', 's2', 1, T0)]);
        const second = await store.ingest([makeItem('thinking', 's1', 2, T0), makeItem('text_complete', 's1', 3, T0)]);
        const cursors = [...first.outcomes, ...second.outcomes].flatMap((o) => (o.kind === 'stored' ? [o.cursor] : []));
        expect(cursors).toHaveLength(3);
        expect(cursors[0]).toBeGreaterThanOrEqual(1);
        expect(cursors[1]).toBeGreaterThan(cursors[0]!);
        expect(cursors[2]).toBeGreaterThan(cursors[1]!);
        expect(await store.headCursor()).toBe(cursors[2]);
        // Each batch reports the head it continued from: the previous batch's last cursor.
        expect([first.headBefore, second.headBefore]).toEqual([0, cursors[1]]);
      });

      it('starts empty', async () => {
        expect(await store.headCursor()).toBe(0);
        expect(await store.sessionCount()).toBe(0);
        expect(await store.getSession('nobody')).toBeNull();
        expect(await store.ingest([])).toEqual({ outcomes: [], sessions: [], headBefore: 0 });
      });

      it('stores a resent event once, across batches', async () => {
        const item = tokenUsageItem('s1', 1, T0, { prompt_tokens: 100, completion_tokens: 10 });
        const first = await store.ingest([item]);
        const head = await store.headCursor();
        const again = await store.ingest([item, makeItem('text_complete', 's1', 1, T0)]);
        expect(first.outcomes[0]!.kind).toBe('stored');
        expect(again.outcomes.map((o) => o.kind)).toEqual(['duplicate', 'duplicate']);
        expect(again.sessions).toEqual([]);
        expect(await store.headCursor()).toBe(head);
        expect(await store.getSession('s1')).toMatchObject({ event_count: 1, stored_event_count: 1, prompt_tokens: 100 });
        expect((await store.tokenUsage(tokenUsageQuerySchema.parse({}))).records).toHaveLength(1);
        expect(await store.usage(usageQuery({ bucket: '1h' }))).toEqual([usageRow({ bucket_start_ms: T0, prompt_tokens: 100, completion_tokens: 10, calls: 1 })]);
      });

      it('stores a repeated (session_id, seq) within one batch once', async () => {
        const result = await store.ingest([makeItem('text_complete', 's1', 7, T0), makeItem('text_complete', 's1', 7, T0), makeItem('text_complete', 's2', 7, T0)]);
        expect(result.outcomes.map((o) => o.kind)).toEqual(['stored', 'duplicate', 'stored']);
        expect((await store.getSession('s1'))!.event_count).toBe(1);
      });

      it('stores a new event older than last_seq (a resend after reconnect)', async () => {
        await store.ingest([makeItem('text_complete', 's1', 5, T0 + 5)]);
        const late = await store.ingest([makeItem('text_complete', 's1', 3, T0 + 3)]);
        expect(late.outcomes[0]!.kind).toBe('stored');
        expect(late.sessions[0]).toMatchObject({ last_seq: 5, event_count: 2, stored_event_count: 2, first_seen_ms: T0 + 3 });
      });

      it('passes on ephemeral and unknown events live, and drops them as stale when not newer than last_seq', async () => {
        await store.ingest([makeItem('text_complete', 's1', 5, T0)]);
        const head = await store.headCursor();
        const result = await store.ingest([
          makeItem('thinking', 's1', 4, T0),
          makeItem('thinking', 's1', 5, T0),
          makeUnknownItem('s1', 5, T0),
          makeItem('thinking', 's1', 6, T0),
          makeItem('thinking', 's1', 6, T0),
          makeUnknownItem('s1', 7, T0),
        ]);
        expect(result.outcomes.map((o) => o.kind)).toEqual(['duplicate', 'duplicate', 'duplicate', 'live', 'duplicate', 'live']);
        expect(await store.headCursor()).toBe(head);
        expect(await store.getSession('s1')).toMatchObject({ event_count: 3, stored_event_count: 1, unknown_event_count: 1, last_seq: 7 });
      });

      it('returns each touched session once, as it is after the batch', async () => {
        const result = await store.ingest([
          sessionSyncItem('s1', 1, T0, { title: 'Refactor', agent: 'build', model: 'x/model' }),
          tokenUsageItem('s1', 2, T0 + 10, { source: 'root', prompt_tokens: 100, completion_tokens: 10 }),
          tokenUsageItem('s1', 3, T0 + 20, { source: 'rlm_subcall', prompt_tokens: 50, completion_tokens: 5, cache_read_tokens: 20 }),
          makeItem('usage_report', 's1', 4, T0 + 30, { prompt_tokens: 150, completion_tokens: 15 }),
          makeItem('done', 's1', 5, T0 + 40),
        ]);
        expect(result.sessions).toHaveLength(1);
        const summary = result.sessions[0]!;
        expect(summary).toMatchObject({
          session_id: 's1', title: 'Refactor', agent: 'build', model: 'x/model', status: 'done',
          first_seen_ms: T0, last_seen_ms: T0 + 40, last_seq: 5, last_event_type: 'done',
          event_count: 5, stored_event_count: 4, prompt_tokens: 150, completion_tokens: 15, cache_read_tokens: 20,
        });
        expect(summary.tokens_by_source).toEqual({
          root: { prompt_tokens: 100, completion_tokens: 10, calls: 1 },
          rlm_subcall: { prompt_tokens: 50, completion_tokens: 5, calls: 1 },
        });
        expect(await store.getSession('s1')).toEqual(summary);
      });

      it('follows status transitions across batches', async () => {
        await store.ingest([makeItem('text_complete', 's1', 1, T0), makeItem('error', 's1', 3, T0, { error: 'rate limited' })]);
        expect(await store.getSession('s1')).toMatchObject({ status: 'error', last_error: 'rate limited', error_count: 1 });
        await store.ingest([makeItem('text_complete', 's1', 2, T0)]);
        expect((await store.getSession('s1'))!.status).toBe('error');
        await store.ingest([makeItem('thinking', 's1', 4, T0)]);
        expect((await store.getSession('s1'))!.status).toBe('active');
        await store.ingest([makeItem('done', 's1', 5, T0)]);
        expect((await store.getSession('s1'))!.status).toBe('done');
      });
    });

    describe('typed rows', () => {
      it('records token usage with cache tokens defaulting to 0', async () => {
        const result = await store.ingest([
          tokenUsageItem('s1', 1, T0, { source: 'tool_embedded', model: 'a/m', prompt_tokens: 10, completion_tokens: 2, duration_ms: 12.5 }),
          tokenUsageItem('s1', 2, T0 + 1, { source: 'root', model: 'a/m', prompt_tokens: 20, completion_tokens: 4, cache_read_tokens: 5, cache_write_tokens: 3 }),
        ]);
        const [c1, c2] = cursorsOf(result.outcomes as { cursor: number }[]);
        expect((await store.tokenUsage(tokenUsageQuerySchema.parse({}))).records).toEqual([
          { cursor: c1, session_id: 's1', seq: 1, ts_ms: T0, source: 'tool_embedded', model: 'a/m', prompt_tokens: 10, completion_tokens: 2, cache_read_tokens: 0, cache_write_tokens: 0, duration_ms: 12.5, label: null, reported_cost_usd: null, origin: 'token_usage' },
          { cursor: c2, session_id: 's1', seq: 2, ts_ms: T0 + 1, source: 'root', model: 'a/m', prompt_tokens: 20, completion_tokens: 4, cache_read_tokens: 5, cache_write_tokens: 3, duration_ms: 900, label: null, reported_cost_usd: null, origin: 'token_usage' },
        ]);
      });

      it('records RLM completions', async () => {
        const result = await store.ingest([
          makeItem('rlm_complete', 's1', 1, T0, { trace_id: 't-1', outcome: 'exhausted', reason: 'max iterations', subcall_model_used: 'a/small' }),
          makeItem('rlm_complete', 's1', 2, T0 + 1, { trace_id: 't-2' }),
        ]);
        const [c1, c2] = cursorsOf(result.outcomes as { cursor: number }[]);
        const base = { session_id: 's1', iterations: 3, subcalls: 4, input_tokens: 9000, output_tokens: 900, elapsed_ms: 4200, root_model: 'anthropic/claude-sonnet-4-5' };
        expect((await store.rlmCompletions(rlmQuerySchema.parse({}))).records).toEqual([
          { ...base, cursor: c1, seq: 1, ts_ms: T0, trace_id: 't-1', outcome: 'exhausted', reason: 'max iterations', subcall_model_used: 'a/small' },
          { ...base, cursor: c2, seq: 2, ts_ms: T0 + 1, trace_id: 't-2', outcome: 'converged', reason: null, subcall_model_used: null },
        ]);
      });

      it('records each compaction lifecycle event as one row, with the fields its kind lacks null', async () => {
        await store.ingest([
          makeItem('compaction_started', 's1', 1, T0),
          makeItem('context_truncated', 's1', 2, T0, { archive_ref: 'archive/1' }),
          makeItem('compaction_completed', 's1', 3, T0, { strategy: 'truncate' }),
          makeItem('compaction_failed', 's1', 4, T0),
          makeItem('compaction_failed', 's1', 5, T0, { trace_id: 'other', fell_back_to: null }),
        ]);
        const none = { reason: null, strategy: null, before_tokens: null, after_tokens: null, budget: null, kept_messages: null, dropped_tokens: null, archive_ref: null };
        const records = (await store.compactions(compactionQuerySchema.parse({}))).records.map(({ cursor: _cursor, ...rest }) => rest);
        const row = { session_id: 's1', ts_ms: T0, trace_id: 'trace-c' };
        expect(records).toEqual([
          { ...row, ...none, seq: 1, kind: 'started', reason: 'over budget', before_tokens: 180000, budget: 150000 },
          { ...row, ...none, seq: 2, kind: 'truncated', dropped_tokens: 40000, kept_messages: 8, archive_ref: 'archive/1' },
          { ...row, ...none, seq: 3, kind: 'completed', strategy: 'truncate', before_tokens: 180000, after_tokens: 60000, kept_messages: 12 },
          { ...row, ...none, seq: 4, kind: 'failed', strategy: 'truncate', reason: 'still over', after_tokens: 160000, budget: 150000 },
          { ...row, ...none, seq: 5, trace_id: 'other', kind: 'failed', reason: 'still over', after_tokens: 160000, budget: 150000 },
        ]);
        expect((await store.compactions(compactionQuerySchema.parse({ trace: 'other' }))).records.map((r) => r.seq)).toEqual([5]);
      });

      it('keeps rlm_subcall_fallback in the event log too (its typed rows: store-contract-analytics.ts)', async () => {
        const result = await store.ingest([makeItem('rlm_subcall_fallback', 's1', 1, T0)]);
        expect(result.outcomes[0]!.kind).toBe('stored');
        expect((await store.eventsAfter(0, null, 10)).map((r) => r.event.type)).toEqual(['rlm_subcall_fallback']);
      });
    });

    describeSessionReads(() => store);
    describeFleetListing(() => store);
    describeEventReads(() => store);
    describeEventSearch(() => store);
    describeRecordReads(() => store);
    describeUsage(() => store);
    describeBudgets(() => store);
    describeDemoData(() => store);
    describeUsageOrigin(() => store);
    describeAnalytics(() => store);

    if (options.reopen !== undefined) {
      const reopen = options.reopen;
      it('keeps everything across close and reopen', async () => {
        const items = [...sessionListFixture(), ...usageFixture(), makeItem('compaction_started', 's1', 1, T0)];
        await store.ingest(items);
        await store.setBudget('alpha-1111', { warn_usd: 2, limit_usd: 5 });
        const head = await store.headCursor();
        const before = {
          list: await store.listSessions(listQuery(), fixedClock),
          events: await store.eventsAfter(0, null, 1000),
          usage: await store.usage(usageQuery({ group_by: 'source,model,session', bucket: '1h' })),
          compactions: await store.compactions(compactionQuerySchema.parse({})),
        };
        store = await reopen(store);
        expect(await store.headCursor()).toBe(head);
        expect(await store.sessionCount()).toBe(before.list.total);
        expect(await store.listSessions(listQuery(), fixedClock)).toEqual(before.list);
        expect(await store.eventsAfter(0, null, 1000)).toEqual(before.events);
        expect(await store.usage(usageQuery({ group_by: 'source,model,session', bucket: '1h' }))).toEqual(before.usage);
        expect(await store.compactions(compactionQuerySchema.parse({}))).toEqual(before.compactions);
        expect(await store.budgets()).toEqual({ 'alpha-1111': { warn_usd: 2, limit_usd: 5 } });

        // Dedupe and the stale-ephemeral rule still hold after a restart, and cursors go on.
        const after = await store.ingest([items[1]!, makeItem('thinking', 'gamma-3333', 5, T0), makeItem('text_complete', 'gamma-3333', 6, T0)]);
        expect(after.outcomes.map((o) => o.kind)).toEqual(['duplicate', 'duplicate', 'stored']);
        expect((after.outcomes[2] as { cursor: number }).cursor).toBeGreaterThan(head);
      });
    }
  });
}
