import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { sessionListQuerySchema } from '#protocol/api-queries';
import type { SessionSummary } from '#protocol/api-schemas';
import { deriveStatus, operatorStatusKinds, type OperatorStatusKind } from '#protocol/session-status';
import type { EventStore } from '../../store/event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import type { StatusClock } from '../../store/session-status-sql';
import { fixtureStartMs, makeItem, minuteMs, sessionSyncItem } from '../store-test-events';
import { sessionScript } from '../status-scripts';

// The fleet listing of the EventStore contract: operator status filters evaluated
// by the store agree with deriveStatus on the same summaries, the per-status
// counts, keyset paging, the cost columns. Part of describeStoreContract.

const minute = minuteMs;
const NOW = fixtureStartMs + 24 * 60 * minute;
const clock: StatusClock = { nowMs: NOW, abandonedAfterMs: 30 * minute };
const listQuery = (q: Record<string, string> = {}) => sessionListQuerySchema.parse(q);
const idsOf = (sessions: readonly SessionSummary[]) => sessions.map((s) => s.session_id);
/** Silences around each threshold: fresh, just inside the stall, stalled, nearly and truly abandoned. */
const silences = [0, 10_000, 31_000, 29 * minute, 31 * minute, 5 * 60 * minute];

/** The last event of a scripted session, naming what it leaves the session doing. */
const scriptedEnds: [string, (id: string, tsMs: number) => IngestItem][] = [
  ['thinking', (id, ts) => makeItem('thinking', id, 2, ts)],
  ['streaming', (id, ts) => makeItem('text_chunk', id, 2, ts)],
  ['running_tool', (id, ts) => makeItem('tool_call_start', id, 2, ts)],
  ['compacting', (id, ts) => makeItem('compaction_started', id, 2, ts)],
  ['rlm', (id, ts) => makeItem('rlm_progress', id, 2, ts)],
  ['retrying', (id, ts) => makeItem('stream_retry', id, 2, ts)],
  ['awaiting_approval', (id, ts) => makeItem('approval_request', id, 2, ts)],
  ['idle', (id, ts) => makeItem('text_complete', id, 2, ts)],
  ['done', (id, ts) => makeItem('done', id, 2, ts)],
  ['error', (id, ts) => makeItem('error', id, 2, ts)],
];

/**
 * Sixty generated sessions, always the same (a fixed seed), each ending a different
 * silence before NOW; and one scripted session per activity and silence, so every
 * kind is there whatever the generator drew.
 */
function generatedFleet(): IngestItem[] {
  const scripted = scriptedEnds.flatMap(([name, last]) =>
    [0, 31_000, 31 * minute].map((silence) => {
      const id = `fix-${name}-${silence}`;
      return [sessionSyncItem(id, 1, NOW - 60 * minute, { agent: 'scripted' }), last(id, NOW - silence)];
    }),
  );
  return [...scripted.flat(), ...generated()];
}

function generated(): IngestItem[] {
  return fc
    .sample(fc.integer({ min: 0, max: 1_000_000 }), { numRuns: 60, seed: 14 })
    .flatMap((salt, i) => {
      const id = `gen-${String(i).padStart(2, '0')}`;
      const script = fc.sample(sessionScript(id, NOW - silences[i % silences.length]!, 25, 2), { numRuns: 1, seed: salt })[0]!;
      return [sessionSyncItem(id, 1, NOW - 3 * 60 * minute, { title: i % 4 === 0 ? null : `Task ${i % 7}`, agent: `agent-${i % 3}`, model: `m/${i % 2}` }), ...script];
    });
}

/** Paging with `limit` until next_cursor is null: every id, in page order. */
async function pageThrough(store: EventStore, query: Record<string, string>, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor: string | null = null, pages = 0; pages === 0 || cursor !== null; pages++) {
    const page = await store.listSessions(listQuery({ ...query, limit: String(limit), ...(cursor === null ? {} : { cursor }) }), clock);
    ids.push(...idsOf(page.sessions));
    cursor = page.next_cursor;
    if (pages > 100) throw new Error('paging does not end');
  }
  return ids;
}

export function describeFleetListing(getStore: () => EventStore): void {
  describe('fleet listing', () => {
    let expectedKind: Map<string, OperatorStatusKind>;
    const kindsAt = (stalledAfterMs: number) => new Map([...expectedKind.keys()].map((id) => [id, derivedKinds.get(`${id}@${stalledAfterMs}`)!]));
    let derivedKinds: Map<string, OperatorStatusKind>;
    let summaries: SessionSummary[];

    beforeEach(async () => {
      const store = getStore();
      await store.ingest(generatedFleet());
      const all = await store.listSessions(listQuery({ limit: '500' }), clock);
      expect(all.total).toBe(90);
      summaries = all.sessions;
      // What a browser that did not watch the sessions shows: deriveStatus on each summary.
      derivedKinds = new Map();
      expectedKind = new Map();
      for (const summary of all.sessions) {
        for (const stalledAfterMs of [30_000, 120_000]) {
          const kind = deriveStatus({ summary, live: null, nowMs: NOW, stalledAfterMs, abandonedAfterMs: clock.abandonedAfterMs }).kind;
          derivedKinds.set(`${summary.session_id}@${stalledAfterMs}`, kind);
        }
        expectedKind.set(summary.session_id, derivedKinds.get(`${summary.session_id}@30000`)!);
      }
    });

    it.each([30_000, 120_000])('filters and counts by operator status as deriveStatus reads each summary (stalled after %i ms)', async (stalledAfterMs) => {
      const store = getStore();
      const kinds = kindsAt(stalledAfterMs);
      // The generated fleet must reach every kind a summary can show, or this proves little.
      expect(new Set(kinds.values())).toEqual(new Set(operatorStatusKinds));
      const expectedCounts = Object.fromEntries(operatorStatusKinds.map((kind) => [kind, [...kinds.values()].filter((k) => k === kind).length]));
      for (const kind of operatorStatusKinds) {
        const list = await store.listSessions(listQuery({ status: kind, limit: '500', stalled_after_ms: String(stalledAfterMs) }), clock);
        const expected = [...kinds].filter(([, k]) => k === kind).map(([id]) => id);
        expect({ kind, ids: idsOf(list.sessions).sort() }).toEqual({ kind, ids: expected.sort() });
        expect(list.total).toBe(expected.length);
        expect(list.status_counts).toEqual(expectedCounts);
        expect(list.server_time_ms).toBe(NOW);
      }
      const active = await store.listSessions(listQuery({ status: 'active,done', limit: '500', stalled_after_ms: String(stalledAfterMs) }), clock);
      const notEndedNorAbandoned = [...kinds].filter(([, k]) => k !== 'error' && k !== 'abandoned').map(([id]) => id);
      expect(idsOf(active.sessions).sort()).toEqual(notEndedNorAbandoned.sort());
    });

    it('sorts by status in the order the UI lists the kinds', async () => {
      const list = await getStore().listSessions(listQuery({ sort: 'status', order: 'asc', limit: '500' }), clock);
      const ranks = idsOf(list.sessions).map((id) => operatorStatusKinds.indexOf(expectedKind.get(id)!));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    });

    it.each([
      ['last_seen', 'desc'],
      ['first_seen', 'asc'],
      ['title', 'asc'],
      ['title', 'desc'],
      ['status', 'desc'],
      ['cost', 'desc'],
      ['cost', 'asc'],
      ['agent', 'asc'],
      ['model', 'desc'],
      ['events', 'asc'],
    ])('pages by cursor through sort=%s&order=%s: every session once, in the order of one big page', async (sort, order) => {
      const store = getStore();
      await store.writeSessionCosts(new Map(Array.from({ length: 40 }, (_, i) => [`gen-${String(i).padStart(2, '0')}`, { cost_usd: (i % 9) * 0.5, unpriced_tokens: 0 }])));
      const whole = idsOf((await store.listSessions(listQuery({ sort, order, limit: '500' }), clock)).sessions);
      expect(await pageThrough(store, { sort, order }, 7)).toEqual(whole);
    });

    it('keeps its place under inserts: a session arriving between pages neither repeats nor shifts the next page', async () => {
      const store = getStore();
      const first = await store.listSessions(listQuery({ limit: '10' }), clock);
      await store.ingest([makeItem('thinking', 'newcomer', 1, NOW + 1000)]);
      const second = await store.listSessions(listQuery({ limit: '10', cursor: first.next_cursor! }), clock);
      const whole = idsOf((await store.listSessions(listQuery({ limit: '500' }), clock)).sessions);
      expect(whole[0]).toBe('newcomer');
      expect([...idsOf(first.sessions), ...idsOf(second.sessions)]).toEqual(whole.slice(1, 21));
    });

    it('stores costs and sorts by them, unpriced sessions last either way', async () => {
      const store = getStore();
      await store.writeSessionCosts(new Map([
        ['gen-01', { cost_usd: 2.5, unpriced_tokens: 0 }],
        ['gen-02', { cost_usd: 0.25, unpriced_tokens: 40 }],
        ['gen-03', { cost_usd: 9, unpriced_tokens: 0 }],
      ]));
      expect(await store.getSession('gen-02')).toMatchObject({ cost_usd: 0.25, unpriced_tokens: 40 });
      const desc = await store.listSessions(listQuery({ sort: 'cost', limit: '500' }), clock);
      expect(idsOf(desc.sessions).slice(0, 3)).toEqual(['gen-03', 'gen-01', 'gen-02']);
      expect(desc.sessions[2]).toMatchObject({ cost_usd: 0.25, unpriced_tokens: 40 });
      const asc = await store.listSessions(listQuery({ sort: 'cost', order: 'asc', limit: '500' }), clock);
      expect(idsOf(asc.sessions).slice(0, 3)).toEqual(['gen-02', 'gen-01', 'gen-03']);
      expect(asc.sessions.slice(3).every((s) => s.cost_usd === null)).toBe(true);
      // New events fold into the summary; the stored cost stays until the pricing step writes another.
      await store.ingest([makeItem('done', 'gen-02', 5_000, NOW)]);
      expect(await store.getSession('gen-02')).toMatchObject({ cost_usd: 0.25, unpriced_tokens: 40, status: 'done', activity: 'idle' });
      await store.writeSessionCosts(new Map([['gen-02', { cost_usd: null, unpriced_tokens: 0 }]]));
      expect(await store.getSession('gen-02')).toMatchObject({ cost_usd: null, unpriced_tokens: 0 });
    });

    it('filters by agent, model, producer and a last-seen range', async () => {
      const store = getStore();
      const list = (q: Record<string, string>) => store.listSessions(listQuery({ ...q, limit: '500' }), clock).then((l) => idsOf(l.sessions).sort());
      const byAgentAndModel = summaries.filter((s) => s.agent === 'agent-1' && s.model === 'm/1').map((s) => s.session_id);
      expect(byAgentAndModel.length).toBeGreaterThan(3);
      expect(await list({ agent: 'agent-1', model: 'm/1' })).toEqual(byAgentAndModel.sort());
      await store.ingest([makeItem('thinking', 'made-by-x', 1, NOW, { producer: 'x_agent' })]);
      expect(await list({ producer: 'x_agent' })).toEqual(['made-by-x']);
      // `to` is exclusive.
      const fresh = summaries.filter((s) => s.last_seen_ms === NOW).map((s) => s.session_id).sort();
      expect(await list({ from: String(NOW), to: String(NOW + 1) })).toEqual([...fresh, 'made-by-x'].sort());
      const counts = (await store.listSessions(listQuery({ from: String(NOW), status: 'done' }), clock)).status_counts;
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(fresh.length + 1);
    });
  });
}
