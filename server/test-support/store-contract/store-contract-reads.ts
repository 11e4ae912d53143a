import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionSummary } from '#protocol/api-schemas';
import {
  compactionQuerySchema,
  rlmFallbackQuerySchema,
  rlmQuerySchema,
  sessionEventsQuerySchema,
  sessionListQuerySchema,
  tokenUsageQuerySchema,
} from '#protocol/api-queries';
import type { EventStore } from '../../store/event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import { fixtureStartMs, hourMs, makeItem, minuteMs, sessionListFixture, sessionSyncItem, tokenUsageItem, usageFixture } from '../store-test-events';

// The read queries of the EventStore contract: sessions, events, typed records.
// Part of describeStoreContract (store-contract.ts), which supplies the store.

const T0 = fixtureStartMs;
const minute = minuteMs;
const hour = hourMs;
const listQuery = (q: Record<string, string> = {}) => sessionListQuerySchema.parse(q);
const eventsQuery = (q: Record<string, string> = {}) => sessionEventsQuerySchema.parse(q);
const idsOf = (sessions: readonly SessionSummary[]) => sessions.map((s) => s.session_id);
const cursorsOf = (items: readonly { cursor: number }[]) => items.map((r) => r.cursor);

export function describeSessionReads(getStore: () => EventStore): void {
  describe('sessions', () => {
    beforeEach(async () => {
      await getStore().ingest(sessionListFixture());
    });

    it('summarises each session', async () => {
      const store = getStore();
      expect(await store.sessionCount()).toBe(3);
      expect(await store.getSession('alpha-1111')).toMatchObject({ status: 'done', title: 'Fix the Build', model: 'anthropic/sonnet', event_count: 3 });
      expect(await store.getSession('beta-2222')).toMatchObject({ status: 'error', last_error: 'quota exceeded', agent: 'plan' });
      expect(await store.getSession('gamma-3333')).toMatchObject({
        status: 'active', title: null, agent: null, model: 'anthropic/sonnet', event_count: 5, stored_event_count: 3,
        unknown_event_count: 1, tool_call_count: 1, first_seen_ms: T0 + 3000, last_seen_ms: T0 + 7000,
      });
    });

    it.each([
      [{}, ['gamma-3333', 'alpha-1111', 'beta-2222']],
      [{ sort: 'last_seen', order: 'asc' }, ['beta-2222', 'alpha-1111', 'gamma-3333']],
      [{ sort: 'first_seen', order: 'asc' }, ['alpha-1111', 'beta-2222', 'gamma-3333']],
      [{ sort: 'first_seen' }, ['gamma-3333', 'beta-2222', 'alpha-1111']],
      [{ sort: 'title', order: 'asc' }, ['alpha-1111', 'beta-2222', 'gamma-3333']],
      [{ sort: 'title', order: 'desc' }, ['beta-2222', 'alpha-1111', 'gamma-3333']],
      [{ sort: 'status', order: 'asc' }, ['gamma-3333', 'alpha-1111', 'beta-2222']],
      [{ sort: 'tokens' }, ['beta-2222', 'alpha-1111', 'gamma-3333']],
      [{ sort: 'tokens', order: 'asc' }, ['gamma-3333', 'alpha-1111', 'beta-2222']],
      [{ sort: 'events' }, ['gamma-3333', 'beta-2222', 'alpha-1111']],
    ] as const)('sorts by %o (untitled last, session_id breaking ties)', async (query, expected) => {
      expect(idsOf((await getStore().listSessions(listQuery(query))).sessions)).toEqual(expected);
    });

    it.each([
      [{ status: 'done,error' }, ['alpha-1111', 'beta-2222']],
      [{ status: 'active' }, ['gamma-3333']],
      [{ q: 'BUILD' }, ['alpha-1111']],
      [{ q: 'the' }, ['alpha-1111', 'beta-2222']],
      [{ q: 'gamma-3' }, ['gamma-3333']],
      [{ q: '%' }, []],
      [{ agent: 'build' }, ['alpha-1111']],
      [{ model: 'anthropic/sonnet' }, ['alpha-1111', 'gamma-3333']],
      [{ model: 'anthropic/sonnet', status: 'active' }, ['gamma-3333']],
    ] as const)('filters by %o', async (query, expected) => {
      // Read a second after the fixture's last event: gamma is still at work, not yet silent.
      const clock = { nowMs: T0 + 8000, abandonedAfterMs: 30 * minute };
      const list = await getStore().listSessions(listQuery({ ...query, sort: 'first_seen', order: 'asc' }), clock);
      expect(idsOf(list.sessions)).toEqual(expected);
      expect(list.total).toBe(expected.length);
    });

    it('matches a search case-insensitively beyond ASCII', async () => {
      await getStore().ingest([sessionSyncItem('delta-4444', 1, T0, { title: 'Écrire la documentation' })]);
      expect(idsOf((await getStore().listSessions(listQuery({ q: 'écrire' }))).sessions)).toEqual(['delta-4444']);
    });

    it('pages with limit and offset, counting the whole match', async () => {
      const page = await getStore().listSessions(listQuery({ limit: '1', offset: '1' }));
      expect(idsOf(page.sessions)).toEqual(['alpha-1111']);
      expect(page.total).toBe(3);
      expect((await getStore().listSessions(listQuery({ offset: '5' }))).sessions).toEqual([]);
    });
  });
}

export function describeEventReads(getStore: () => EventStore): void {
  describe('events', () => {
    let transcript: IngestItem[];
    let cursors: number[];
    beforeEach(async () => {
      // Ten stored events of s1, interleaved with another session so s1's cursors are not contiguous.
      transcript = Array.from({ length: 10 }, (_, i) =>
        i % 3 === 2 ? makeItem('tool_call_start', 's1', i + 1, T0 + i) : makeItem('text_complete', 's1', i + 1, T0 + i, { text: `step ${i + 1}` }),
      );
      const items = transcript.flatMap((item, i) => [item, makeItem('text_complete', 'other', i + 1, T0 + i), makeItem('thinking', 's1', 100 + i, T0)]);
      const result = await getStore().ingest(items);
      cursors = result.outcomes.flatMap((o, i) => (o.kind === 'stored' && items[i]!.event.session_id === 's1' ? [o.cursor] : []));
    });

    it('serves each event as it was sent, under its cursor', async () => {
      const page = await getStore().sessionEvents('s1', eventsQuery());
      expect(page.events).toEqual(transcript.map((item, i) => ({ cursor: cursors[i], event: item.event })));
      expect(page.next_cursor).toBeNull();
    });

    it('pages forwards with after and next_cursor', async () => {
      const store = getStore();
      const first = await store.sessionEvents('s1', eventsQuery({ limit: '4' }));
      expect(cursorsOf(first.events)).toEqual(cursors.slice(0, 4));
      expect(first.next_cursor).toBe(cursors[3]);
      const second = await store.sessionEvents('s1', eventsQuery({ limit: '4', after: String(first.next_cursor) }));
      expect(cursorsOf(second.events)).toEqual(cursors.slice(4, 8));
      const third = await store.sessionEvents('s1', eventsQuery({ limit: '4', after: String(second.next_cursor) }));
      expect(cursorsOf(third.events)).toEqual(cursors.slice(8));
      expect(third.next_cursor).toBeNull();
    });

    it('pages backwards with before: the newest events older than it, in ascending order', async () => {
      const page = await getStore().sessionEvents('s1', eventsQuery({ limit: '4', before: String(cursors[8]) }));
      expect(cursorsOf(page.events)).toEqual(cursors.slice(4, 8));
      expect(page.next_cursor).toBe(cursors[7]);
      const start = await getStore().sessionEvents('s1', eventsQuery({ limit: '4', before: String(cursors[2]) }));
      expect(cursorsOf(start.events)).toEqual(cursors.slice(0, 2));
      expect(start.next_cursor).toBeNull();
    });

    it('filters by type', async () => {
      const page = await getStore().sessionEvents('s1', eventsQuery({ type: 'tool_call_start' }));
      expect(page.events.map((r) => r.event.seq)).toEqual([3, 6, 9]);
      const both = await getStore().sessionEvents('s1', eventsQuery({ type: 'tool_call_start,text_complete', limit: '3' }));
      expect(both.events.map((r) => r.event.seq)).toEqual([1, 2, 3]);
      expect((await getStore().sessionEvents('nobody', eventsQuery())).events).toEqual([]);
    });

    it('reads the global tail after a cursor, for all or some sessions', async () => {
      const store = getStore();
      const all = await store.eventsAfter(0, null, 1000);
      expect(all).toHaveLength(20);
      expect(cursorsOf(all)).toEqual([...cursorsOf(all)].sort((a, b) => a - b));
      expect(cursorsOf(await store.eventsAfter(cursors[4]!, ['s1'], 1000))).toEqual(cursors.slice(5));
      expect(cursorsOf(await store.eventsAfter(cursors[4]!, ['s1', 'other'], 3))).toEqual(cursorsOf(all.filter((r) => r.cursor > cursors[4]!)).slice(0, 3));
      expect(await store.eventsAfter(0, [], 10)).toEqual([]);
      expect(await store.eventsAfter(await store.headCursor(), null, 10)).toEqual([]);
    });
  });
}

export function describeRecordReads(getStore: () => EventStore): void {
  describe('record queries', () => {
    beforeEach(async () => {
      await getStore().ingest([
        ...usageFixture(),
        makeItem('rlm_complete', 'usage-a', 10, T0, { trace_id: 'r-1' }),
        makeItem('rlm_complete', 'usage-b', 10, T0 + hour, { trace_id: 'r-2' }),
        makeItem('rlm_complete', 'usage-a', 11, T0 + 2 * hour, { trace_id: 'r-3' }),
        makeItem('compaction_started', 'usage-a', 20, T0, { trace_id: 'c-1' }),
        makeItem('compaction_completed', 'usage-a', 21, T0 + hour, { trace_id: 'c-1' }),
        makeItem('compaction_started', 'usage-b', 20, T0 + 2 * hour, { trace_id: 'c-2' }),
      ]);
    });

    const seqsOf = (page: { records: { session_id: string; seq: number }[] }) => page.records.map((r) => `${r.session_id}#${r.seq}`);

    it.each([
      [{}, ['usage-a#1', 'usage-a#2', 'usage-a#3', 'usage-b#1', 'usage-b#2']],
      [{ session: 'usage-b' }, ['usage-b#1', 'usage-b#2']],
      [{ source: 'rlm_subcall,rlm_iteration' }, ['usage-a#2', 'usage-b#2']],
      [{ model: 'm/haiku' }, ['usage-a#2', 'usage-b#1']],
      [{ from: String(T0 + 10 * minute), to: String(T0 + 130 * minute) }, ['usage-a#1', 'usage-a#2', 'usage-a#3']],
      [{ session: 'usage-a', source: 'root' }, ['usage-a#1', 'usage-a#3']],
      [{ session: 'usage-a', model: 'm/haiku' }, ['usage-a#2']],
      [{ session: 'usage-a', from: String(T0 + 15 * minute), to: String(T0 + 70 * minute) }, ['usage-a#2']],
      [{ session: 'usage-a', limit: '2' }, ['usage-a#1', 'usage-a#2']],
      [{ session: 'nobody' }, []],
      [{ session: 'usage-a,usage-b', model: 'm/haiku' }, ['usage-a#2', 'usage-b#1']],
      [{ session: 'usage-b,nobody' }, ['usage-b#1', 'usage-b#2']],
      [{ model: 'm/haiku,m/sonnet', source: 'root' }, ['usage-a#1', 'usage-a#3', 'usage-b#1']],
      [{ session: 'usage-a,usage-b', from: String(T0 + 15 * minute), to: String(T0 + 130 * minute) }, ['usage-a#2', 'usage-a#3']],
    ] as const)('filters token usage by %o', async (query, expected) => {
      expect(seqsOf(await getStore().tokenUsage(tokenUsageQuerySchema.parse(query)))).toEqual(expected);
    });

    it("filters token usage by the sessions' agents, leaving out sessions that never named one", async () => {
      const store = getStore();
      // seq 30: 10 to 21 are the beforeEach's RLM and compaction events.
      await store.ingest([sessionSyncItem('usage-a', 30, T0 + 3 * hour, { agent: 'build' })]);
      const seqs = async (query: Record<string, string>) => seqsOf(await store.tokenUsage(tokenUsageQuerySchema.parse(query)));
      expect(await seqs({ agent: 'build' })).toEqual(['usage-a#1', 'usage-a#2', 'usage-a#3']);
      expect(await seqs({ agent: 'plan,build' })).toEqual(['usage-a#1', 'usage-a#2', 'usage-a#3']);
      expect(await seqs({ agent: 'plan' })).toEqual([]);
      expect(await seqs({ agent: 'build', session: 'usage-a,usage-b', model: 'm/sonnet' })).toEqual(['usage-a#1', 'usage-a#3']);
      expect(await seqs({ agent: 'build', session: 'usage-b' })).toEqual([]);
      const first = await store.tokenUsage(tokenUsageQuerySchema.parse({ agent: 'build', limit: '2' }));
      const rest = await store.tokenUsage(tokenUsageQuerySchema.parse({ agent: 'build', after: String(first.next_cursor) }));
      expect([...seqsOf(first), ...seqsOf(rest)]).toEqual(['usage-a#1', 'usage-a#2', 'usage-a#3']);
    });

    it('pages token usage by cursor', async () => {
      const store = getStore();
      const first = await store.tokenUsage(tokenUsageQuerySchema.parse({ limit: '2' }));
      expect(seqsOf(first)).toEqual(['usage-a#1', 'usage-a#2']);
      expect(first.next_cursor).toBe(first.records[1]!.cursor);
      const rest = await store.tokenUsage(tokenUsageQuerySchema.parse({ limit: '3', after: String(first.next_cursor) }));
      expect(seqsOf(rest)).toEqual(['usage-a#3', 'usage-b#1', 'usage-b#2']);
      expect(rest.next_cursor).toBe(rest.records[2]!.cursor);
      expect(await store.tokenUsage(tokenUsageQuerySchema.parse({ after: String(rest.next_cursor) }))).toEqual({ records: [], next_cursor: null });
    });

    it("pages one session's token usage by cursor, skipping its other events", async () => {
      const store = getStore();
      // Other stored events of the same session between its token_usage rows.
      await store.ingest([makeItem('text_complete', 'usage-a', 4, T0), tokenUsageItem('usage-a', 5, T0, { prompt_tokens: 1, completion_tokens: 1 })]);
      const first = await store.tokenUsage(tokenUsageQuerySchema.parse({ session: 'usage-a', limit: '3' }));
      expect(seqsOf(first)).toEqual(['usage-a#1', 'usage-a#2', 'usage-a#3']);
      const rest = await store.tokenUsage(tokenUsageQuerySchema.parse({ session: 'usage-a', after: String(first.next_cursor) }));
      expect(seqsOf(rest)).toEqual(['usage-a#5']);
      expect(rest.next_cursor).toBeNull();
    });

    it('filters and pages RLM completions', async () => {
      const store = getStore();
      expect((await store.rlmCompletions(rlmQuerySchema.parse({ session: 'usage-a' }))).records.map((r) => r.trace_id)).toEqual(['r-1', 'r-3']);
      expect((await store.rlmCompletions(rlmQuerySchema.parse({ from: String(T0 + hour) }))).records.map((r) => r.trace_id)).toEqual(['r-2', 'r-3']);
      expect((await store.rlmCompletions(rlmQuerySchema.parse({ to: String(T0 + hour) }))).records.map((r) => r.trace_id)).toEqual(['r-1']);
      const first = await store.rlmCompletions(rlmQuerySchema.parse({ limit: '2' }));
      expect(first.records.map((r) => r.trace_id)).toEqual(['r-1', 'r-2']);
      const rest = await store.rlmCompletions(rlmQuerySchema.parse({ limit: '2', after: String(first.next_cursor) }));
      expect(rest).toMatchObject({ records: [{ trace_id: 'r-3' }], next_cursor: null });
    });

    it('filters and pages compactions', async () => {
      const store = getStore();
      const kinds = (page: { records: { trace_id: string; kind: string }[] }) => page.records.map((r) => `${r.trace_id}:${r.kind}`);
      expect(kinds(await store.compactions(compactionQuerySchema.parse({ trace: 'c-1' })))).toEqual(['c-1:started', 'c-1:completed']);
      expect(kinds(await store.compactions(compactionQuerySchema.parse({ session: 'usage-b' })))).toEqual(['c-2:started']);
      expect(kinds(await store.compactions(compactionQuerySchema.parse({ from: String(T0 + hour), to: String(T0 + 2 * hour) })))).toEqual(['c-1:completed']);
      const first = await store.compactions(compactionQuerySchema.parse({ limit: '1' }));
      const rest = await store.compactions(compactionQuerySchema.parse({ after: String(first.next_cursor) }));
      expect(kinds(rest)).toEqual(['c-1:completed', 'c-2:started']);
      expect(rest.next_cursor).toBeNull();
    });

    it('pages RLM completions newest first with order=desc and before, filters still applied', async () => {
      const store = getStore();
      const traces = (page: { records: { trace_id: string }[] }) => page.records.map((r) => r.trace_id);
      const first = await store.rlmCompletions(rlmQuerySchema.parse({ order: 'desc', limit: '2' }));
      expect(traces(first)).toEqual(['r-3', 'r-2']);
      expect(first.next_cursor).toBe(first.records[1]!.cursor);
      const rest = await store.rlmCompletions(rlmQuerySchema.parse({ order: 'desc', limit: '2', before: String(first.next_cursor) }));
      expect(rest).toMatchObject({ records: [{ trace_id: 'r-1' }], next_cursor: null });
      expect(traces(await store.rlmCompletions(rlmQuerySchema.parse({ order: 'desc', session: 'usage-a' })))).toEqual(['r-3', 'r-1']);
      expect(traces(await store.rlmCompletions(rlmQuerySchema.parse({ order: 'desc', to: String(T0 + 2 * hour) })))).toEqual(['r-2', 'r-1']);
      // Without order the list stays oldest first (exports and scripts page forward with after).
      expect(traces(await store.rlmCompletions(rlmQuerySchema.parse({})))).toEqual(['r-1', 'r-2', 'r-3']);
    });

    it('pages compactions and RLM fallbacks newest first with order=desc and before', async () => {
      const store = getStore();
      const kinds = (page: { records: { trace_id: string; kind: string }[] }) => page.records.map((r) => `${r.trace_id}:${r.kind}`);
      const first = await store.compactions(compactionQuerySchema.parse({ order: 'desc', limit: '2' }));
      expect(kinds(first)).toEqual(['c-2:started', 'c-1:completed']);
      const rest = await store.compactions(compactionQuerySchema.parse({ order: 'desc', limit: '2', before: String(first.next_cursor) }));
      expect(kinds(rest)).toEqual(['c-1:started']);
      expect(rest.next_cursor).toBeNull();

      await store.ingest([
        makeItem('rlm_subcall_fallback', 'usage-a', 30, T0, { requested_model: 'a/one', fallback_model: 'b/one', reason: 'first' }),
        makeItem('rlm_subcall_fallback', 'usage-a', 31, T0 + hour, { requested_model: 'a/two', fallback_model: 'b/two', reason: 'second' }),
      ]);
      const fallbacks = await store.rlmFallbacks(rlmFallbackQuerySchema.parse({ order: 'desc', limit: '1' }));
      expect(fallbacks.records.map((r) => r.reason)).toEqual(['second']);
      const older = await store.rlmFallbacks(rlmFallbackQuerySchema.parse({ order: 'desc', before: String(fallbacks.next_cursor) }));
      expect(older).toMatchObject({ records: [{ reason: 'first' }], next_cursor: null });
    });
  });
}
