import { describe, expect, it } from 'vitest';
import { makeItem } from '../test-support/store-test-events';
import { busBatchOf, decodeBusBatch, encodeBusBatch } from './bus-message';
import type { CommittedBatch } from '../ingest/ingest-pipeline';

const committed: CommittedBatch = {
  items: [makeItem('token_usage', 's1', 1, 1000), makeItem('text_chunk', 's1', 2, 1001), makeItem('done', 's1', 3, 1002), makeItem('done', 's1', 3, 1002)],
  outcomes: [{ kind: 'stored', cursor: 41 }, { kind: 'live' }, { kind: 'stored', cursor: 43 }, { kind: 'duplicate' }],
  sessions: [],
  headBefore: 40,
};

describe('busBatchOf', () => {
  it('keeps every event but duplicates, with its cursor, and spans headBefore to the highest cursor', () => {
    const batch = busBatchOf(committed);
    expect(batch.headBefore).toBe(40);
    expect(batch.headAfter).toBe(43);
    expect(batch.complete).toBe(true);
    expect(batch.events.map((e) => [e.cursor, e.event.seq])).toEqual([
      [41, 1],
      [null, 2],
      [43, 3],
    ]);
  });

  it('gives a batch that stored nothing an empty span', () => {
    const batch = busBatchOf({ ...committed, items: [committed.items[1]!], outcomes: [{ kind: 'live' }] });
    expect([batch.headBefore, batch.headAfter]).toEqual([40, 40]);
  });
});

describe('encodeBusBatch / decodeBusBatch', () => {
  it('round-trips a batch', () => {
    const batch = busBatchOf(committed);
    const decoded = decodeBusBatch(encodeBusBatch('replica-a', batch, 1 << 20));
    expect(decoded).toMatchObject({ ok: true, origin: 'replica-a' });
    if (!decoded.ok) return;
    expect(decoded.batch).toMatchObject({ headBefore: 40, headAfter: 43, complete: true, sessions: [] });
    expect(decoded.batch.events.map((e) => ({ cursor: e.cursor, event: e.event }))).toEqual(batch.events.map((e) => ({ cursor: e.cursor, event: e.event })));
    expect(decoded.batch.events.map((e) => JSON.parse(e.json))).toEqual(batch.events.map((e) => JSON.parse(e.json)));
  });

  it('sends a batch over the size limit as a doorbell without events', () => {
    const text = encodeBusBatch('replica-a', busBatchOf(committed), 100);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(100);
    const decoded = decodeBusBatch(text);
    expect(decoded).toMatchObject({ ok: true, batch: { headBefore: 40, headAfter: 43, complete: false, events: [] } });
  });

  it.each([
    ['not json', /^not JSON/],
    ['{"v":2}', /field `v`/],
    ['{"v":1,"origin":"a","head_before":5,"head_after":4,"events":[],"sessions":[]}', /field `head_after`: head_after is below head_before/],
    ['{"v":1,"origin":"a","head_before":5,"head_after":6,"events":[{"cursor":9,"event":{"session_id":"s","seq":1,"type":"done"}}],"sessions":[]}', /field `events`: a stored event lies outside/],
    ['{"v":1,"origin":"a","head_before":5,"head_after":6,"events":[{"cursor":6,"event":{"seq":1,"type":"done"}}],"sessions":[]}', /field `events.0.event.session_id`/],
  ])('refuses %s with the field and why', (text, error) => {
    const decoded = decodeBusBatch(text);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toMatch(error);
  });
});
