import { describe, expect, it } from 'vitest';
import { sessionEventSearchQuerySchema } from '#protocol/api-queries';
import { eventMatchesText } from '#protocol/event-search';
import type { EventStore } from '../../store/event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import { CANDIDATE_CAP, SCAN_WINDOW } from '../../store/event-search-plan';
import { fixtureStartMs, makeItem } from '../store-test-events';

// The search through a session's stored events (EventStore.searchEvents): part
// of describeStoreContract, so SQLite and PostgreSQL answer the same.

const T0 = fixtureStartMs;
const searchQuery = (q: Record<string, string> = {}) => sessionEventSearchQuerySchema.parse(q);
const seqsOf = (records: readonly { event: { seq: number } }[]) => records.map((r) => r.event.seq);

/** Characters that mean something to SQL, LIKE, JSON or case folding; each must mean only itself. */
const hostileAlphabet = ['%', '_', "'", '"', '\\', '/', '\n', '\t', 'a', 'A', 'ä', 'Ä', 'é', 'ß', 'İ', '日', '🙂', '[', ']', '*', '?', '$', '^', '.', ' ', 'x', '\u0001'];

/** A deterministic pseudo-random generator, so a failing case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function ingestInBatches(store: EventStore, items: readonly IngestItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += 2_000) await store.ingest(items.slice(i, i + 2_000));
}

export function describeEventSearch(getStore: () => EventStore): void {
  describe('event search', () => {
    it('finds text inside any value, in any case, newest first, and says how much it searched', async () => {
      const store = getStore();
      await store.ingest([
        makeItem('text_complete', 's1', 1, T0, { text: 'The Needle is here' }),
        makeItem('tool_call_start', 's1', 2, T0, { name: 'grep', arguments: '{"pattern":"NEEDLE"}' }),
        makeItem('text_complete', 's1', 3, T0, { text: 'nothing' }),
        makeItem('thinking', 's1', 4, T0, { text: 'needle, but ephemeral: never stored' }),
        makeItem('error', 's1', 5, T0, { error: 'ÄRGER mit needles' }),
        makeItem('text_complete', 'other', 1, T0, { text: 'needle of another session' }),
      ]);
      const page = await store.searchEvents('s1', searchQuery({ q: 'needle' }));
      expect(seqsOf(page.matches)).toEqual([5, 2, 1]);
      expect(page.matches[2]!.event).toMatchObject({ type: 'text_complete', text: 'The Needle is here' });
      expect(page.matches[0]!.cursor).toBeGreaterThan(page.matches[1]!.cursor);
      expect(page).toMatchObject({ searched_events: 4, total_events: 4, next_cursor: null });
      // Case folding beyond ASCII, which SQL's lower() does not do everywhere.
      expect(seqsOf((await store.searchEvents('s1', searchQuery({ q: 'ärger' }))).matches)).toEqual([5]);
      expect((await store.searchEvents('nobody', searchQuery({ q: 'needle' })))).toEqual({ matches: [], searched_events: 0, total_events: 0, next_cursor: null });
    });

    it('matches values, not the names of fields', async () => {
      const store = getStore();
      await store.ingest([
        makeItem('tool_call_start', 's1', 1, T0, { tool_call_id: 'c-1', name: 'bash', arguments: '{}' }),
        makeItem('text_complete', 's1', 2, T0, { text: 'what does tool_call_id mean?' }),
      ]);
      expect(seqsOf((await store.searchEvents('s1', searchQuery({ q: 'tool_call_id' }))).matches)).toEqual([2]);
      // The type is a value: an operator can search for it like any text.
      expect(seqsOf((await store.searchEvents('s1', searchQuery({ q: 'TOOL_CALL_START' }))).matches)).toEqual([1]);
    });

    it('filters by type and class, and says when no stored event can match', async () => {
      const store = getStore();
      await store.ingest([
        makeItem('text_complete', 's1', 1, T0, { text: 'alpha' }),
        makeItem('compaction_started', 's1', 2, T0, { reason: 'alpha budget' }),
        makeItem('error', 's1', 3, T0, { error: 'alpha failed' }),
      ]);
      expect(seqsOf((await store.searchEvents('s1', searchQuery({ q: 'alpha', type: 'error,text_complete' }))).matches)).toEqual([3, 1]);
      expect(seqsOf((await store.searchEvents('s1', searchQuery({ q: 'alpha', class: 'durable' }))).matches)).toEqual([2]);
      expect(seqsOf((await store.searchEvents('s1', searchQuery({ class: 'history' }))).matches)).toEqual([3, 1]);
      expect(seqsOf((await store.searchEvents('s1', searchQuery({ type: 'error', class: 'durable' }))).matches)).toEqual([]);
      // Ephemeral events are never stored: nothing to look at, and the answer says it is complete.
      expect(await store.searchEvents('s1', searchQuery({ q: 'alpha', class: 'ephemeral' }))).toEqual({
        matches: [],
        searched_events: 3,
        total_events: 3,
        next_cursor: null,
      });
    });

    it('pages with limit and before, covering every event once', async () => {
      const store = getStore();
      await store.ingest(Array.from({ length: 10 }, (_, i) => makeItem('text_complete', 's1', i + 1, T0 + i, { text: i % 2 === 0 ? `hit ${i + 1}` : 'miss' })));
      const first = await store.searchEvents('s1', searchQuery({ q: 'hit', limit: '2' }));
      expect(seqsOf(first.matches)).toEqual([9, 7]);
      expect(first.next_cursor).toBe(first.matches[1]!.cursor);
      const second = await store.searchEvents('s1', searchQuery({ q: 'hit', limit: '2', before: String(first.next_cursor) }));
      expect(seqsOf(second.matches)).toEqual([5, 3]);
      const third = await store.searchEvents('s1', searchQuery({ q: 'hit', limit: '2', before: String(second.next_cursor) }));
      expect(seqsOf(third.matches)).toEqual([1]);
      expect(third.next_cursor).toBeNull();
      expect(first.searched_events + second.searched_events + third.searched_events).toBe(10);
      expect(third.total_events).toBe(10);
    });

    it('takes hostile search strings literally (SQL wildcards, quotes, backslashes, Unicode)', async () => {
      const store = getStore();
      const random = seededRandom(14);
      const pick = () => hostileAlphabet[Math.floor(random() * hostileAlphabet.length)]!;
      const texts = Array.from({ length: 60 }, () => Array.from({ length: 1 + Math.floor(random() * 12) }, pick).join(''));
      const items = texts.map((text, i) => makeItem('error', 's1', i + 1, T0 + i, { error: text }));
      await store.ingest(items);
      const needles = ['%', '_', '%_', "'", '"', '\\', '\\"', "''", '\n', 'ä', 'Ä', 'ß', 'i', '日', '🙂', '[a]', '.*', 'x%', ...texts.slice(0, 20).map((t) => t.slice(0, 3))];
      for (const needle of needles) {
        // The oracle: the very rule the browser filters with, applied to each event in memory.
        const expected = items.flatMap((item) => (eventMatchesText(item.event, needle) ? [item.event.seq] : [])).reverse();
        expect(expected.length, `${JSON.stringify(needle)} should match some events but not all`).toBeLessThan(items.length);
        const page = await store.searchEvents('s1', searchQuery({ q: needle, limit: '200' }));
        expect(seqsOf(page.matches), `search for ${JSON.stringify(needle)}`).toEqual(expected);
      }
    });

    it(`bounds the work of one answer to ${SCAN_WINDOW} events and continues from where it stopped`, async () => {
      const store = getStore();
      const count = SCAN_WINDOW + 3_000;
      await ingestInBatches(
        store,
        Array.from({ length: count }, (_, i) => makeItem('text_complete', 's1', i + 1, T0 + i, { text: i === 10 ? 'the early Unique-Marker' : `filler ${i}` })),
      );
      const first = await store.searchEvents('s1', searchQuery({ q: 'unique-marker' }));
      expect(first).toMatchObject({ matches: [], searched_events: SCAN_WINDOW, total_events: count });
      expect(first.next_cursor).not.toBeNull();
      const second = await store.searchEvents('s1', searchQuery({ q: 'unique-marker', before: String(first.next_cursor) }));
      expect(seqsOf(second.matches)).toEqual([11]);
      expect(second).toMatchObject({ searched_events: count - SCAN_WINDOW, next_cursor: null });
      // A needle in every row's raw JSON but in no value (a field name) is read at most CANDIDATE_CAP rows at a time.
      const fieldName = await store.searchEvents('s1', searchQuery({ q: 'session_id' }));
      expect(fieldName).toMatchObject({ matches: [], searched_events: CANDIDATE_CAP });
    });
  });
}
