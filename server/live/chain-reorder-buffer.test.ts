import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChainReorderBuffer, type ChainLink } from './chain-reorder-buffer';

interface TestBatch extends ChainLink {
  id: number;
  cursors: number[];
  committedAtMs: number;
}

const GAP_MS = 250;

function batch(id: number, headBefore: number, cursors: number[], complete = true): TestBatch {
  return { id, headBefore, headAfter: cursors.at(-1) ?? headBefore, complete, cursors, committedAtMs: 0 };
}

describe('ChainReorderBuffer', () => {
  it('delivers a batch that continues the head at once', () => {
    const buffer = new ChainReorderBuffer<TestBatch>(10, GAP_MS);
    const out = buffer.offer(batch(1, 10, [11, 12]), 0);
    expect(out.map((d) => [d.batch.id, d.after])).toEqual([[1, 10]]);
    expect(buffer.deliveredHead).toBe(12);
  });

  it('holds an early batch until the gap before it fills, then delivers both in order', () => {
    const buffer = new ChainReorderBuffer<TestBatch>(0, GAP_MS);
    expect(buffer.offer(batch(2, 2, [3]), 0)).toEqual([]);
    expect(buffer.waitingCount).toBe(1);
    expect(buffer.needsFill(GAP_MS - 1)).toBe(false);
    const out = buffer.offer(batch(1, 0, [1, 2]), 10);
    expect(out.map((d) => d.batch.id)).toEqual([1, 2]);
    expect(buffer.deliveredHead).toBe(3);
  });

  it('asks for a fill once a gap outlives the wait, and continues after it', () => {
    const buffer = new ChainReorderBuffer<TestBatch>(0, GAP_MS);
    buffer.offer(batch(2, 2, [3]), 100);
    expect(buffer.needsFill(100 + GAP_MS)).toBe(true);
    expect(buffer.beginFill()).toBe(0);
    expect(buffer.needsFill(10_000)).toBe(false);
    // The store held 1..2 (the lost batch); the waiting one continues from there.
    expect(buffer.endFill(2).map((d) => [d.batch.id, d.after])).toEqual([[2, 2]]);
  });

  it('trims a waiting batch a fill has partly covered and drops one it has fully covered', () => {
    const buffer = new ChainReorderBuffer<TestBatch>(0, GAP_MS);
    buffer.offer(batch(2, 3, [4, 5]), 0);
    buffer.offer(batch(3, 5, [6, 7]), 0);
    buffer.beginFill();
    expect(buffer.endFill(6).map((d) => [d.batch.id, d.after])).toEqual([[3, 6]]);
    expect(buffer.deliveredHead).toBe(7);
    expect(buffer.waitingCount).toBe(0);
  });

  it('passes ephemeral-only batches at once and drops stale stored ones', () => {
    const buffer = new ChainReorderBuffer<TestBatch>(5, GAP_MS);
    expect(buffer.offer(batch(1, 9, []), 0).map((d) => d.batch.id)).toEqual([1]);
    expect(buffer.offer(batch(2, 2, [3, 4]), 0)).toEqual([]);
    expect(buffer.waitingCount).toBe(0);
  });

  it('wants a fill at once for a batch that arrived without its events, or after a reconnect', () => {
    const buffer = new ChainReorderBuffer<TestBatch>(0, GAP_MS);
    expect(buffer.offer(batch(1, 0, [1], false), 0)).toEqual([]);
    expect(buffer.needsFill(0)).toBe(true);
    buffer.beginFill();
    buffer.endFill(1);
    expect(buffer.needsFill(0)).toBe(false);
    buffer.suspectLoss();
    expect(buffer.needsFill(0)).toBe(true);
  });

  it('fills when the store stays ahead for the wait with nothing in flight (the last batch was lost)', () => {
    const buffer = new ChainReorderBuffer<TestBatch>(4, GAP_MS);
    buffer.noteStoreHead(9, 1000);
    expect(buffer.needsFill(1000 + GAP_MS - 1)).toBe(false);
    // A newer, higher probe must not push the deadline back.
    buffer.noteStoreHead(12, 1100);
    expect(buffer.needsFill(1000 + GAP_MS)).toBe(true);
    buffer.beginFill();
    buffer.endFill(12);
    buffer.noteStoreHead(12, 2000);
    expect(buffer.needsFill(5000)).toBe(false);
  });

  it('retries when a fill stopped part-way', () => {
    const buffer = new ChainReorderBuffer<TestBatch>(0, GAP_MS);
    buffer.offer(batch(2, 4, [5]), 0);
    buffer.beginFill();
    // Read 1..2, then the store failed: nothing may follow yet, and another fill is due.
    expect(buffer.endFill(2)).toEqual([]);
    buffer.suspectLoss();
    expect(buffer.needsFill(0)).toBe(true);
  });
});

/** One generated scenario: the committed chain, and what the bus did to each message. */
const scenarioArb = fc
  .record({
    startHead: fc.integer({ min: 0, max: 50 }),
    batches: fc.array(
      fc.record({
        stored: fc.integer({ min: 0, max: 3 }),
        // Cursor sequences may skip values (rolled-back transactions).
        skip: fc.integer({ min: 0, max: 2 }),
        commitGapMs: fc.integer({ min: 0, max: 60 }),
        fate: fc.oneof(
          { weight: 6, arbitrary: fc.record({ kind: fc.constant('arrives' as const), delayMs: fc.integer({ min: 0, max: 600 }) }) },
          { weight: 1, arbitrary: fc.constant({ kind: 'lost' as const, delayMs: 0 }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('no-events' as const), delayMs: fc.integer({ min: 0, max: 300 }) }) },
        ),
      }),
      { maxLength: 40 },
    ),
    fillMs: fc.integer({ min: 0, max: 120 }),
    probeEveryMs: fc.constantFrom(50, 100, 500),
    reconnectAtMs: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
  })
  .map((s) => {
    let head = s.startHead;
    let at = 0;
    const chain = s.batches.map((b, id) => {
      at += b.commitGapMs;
      const cursors: number[] = [];
      let next = head;
      for (let i = 0; i < b.stored; i++) cursors.push((next += 1 + (i === 0 ? b.skip : 0)));
      const link: TestBatch = { id, headBefore: head, headAfter: cursors.at(-1) ?? head, complete: b.fate.kind !== 'no-events', cursors, committedAtMs: at };
      head = link.headAfter;
      return { link, fate: b.fate };
    });
    return { ...s, chain };
  });

describe('ChainReorderBuffer under any interleaving and loss', () => {
  it('fans out every stored cursor exactly once, in order, and every delivered ephemeral batch once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ startHead, chain, fillMs, probeEveryMs, reconnectAtMs }) => {
        const buffer = new ChainReorderBuffer<TestBatch>(startHead, GAP_MS);
        const delivered: number[] = [];
        const ephemeralOnly: number[] = [];
        const deliver = (b: TestBatch, after: number) => {
          if (b.cursors.length === 0) ephemeralOnly.push(b.id);
          delivered.push(...b.cursors.filter((c) => c > after));
        };
        const storeRows = chain.flatMap(({ link }) => link.cursors.map((cursor) => ({ cursor, committedAtMs: link.committedAtMs })));
        const storeHeadAt = (t: number) => chain.filter(({ link }) => link.committedAtMs <= t).reduce((h, { link }) => Math.max(h, link.headAfter), startHead);

        const arrivals = chain
          .filter(({ fate }) => fate.kind !== 'lost')
          .map(({ link, fate }) => ({ atMs: link.committedAtMs + fate.delayMs, link }))
          .sort((a, b) => a.atMs - b.atMs);
        const endMs = (chain.at(-1)?.link.committedAtMs ?? 0) + 2000;
        let fill: { readAfter: number; snapshotMs: number; endsAtMs: number } | null = null;
        let nextArrival = 0;

        for (let t = 0; t <= endMs; t++) {
          while (nextArrival < arrivals.length && arrivals[nextArrival]!.atMs === t) {
            for (const d of buffer.offer(arrivals[nextArrival++]!.link, t)) deliver(d.batch, d.after);
          }
          if (t === reconnectAtMs) buffer.suspectLoss();
          if (t % probeEveryMs === 0) buffer.noteStoreHead(storeHeadAt(t), t);
          if (fill && t >= fill.endsAtMs) {
            const f = fill;
            const rows = storeRows.filter((r) => r.cursor > f.readAfter && r.committedAtMs <= f.snapshotMs);
            delivered.push(...rows.map((r) => r.cursor));
            for (const d of buffer.endFill(rows.at(-1)?.cursor ?? f.readAfter)) deliver(d.batch, d.after);
            fill = null;
          }
          if (!fill && t % 10 === 0 && buffer.needsFill(t)) fill = { readAfter: buffer.beginFill(), snapshotMs: t, endsAtMs: t + fillMs };
        }

        const expected = storeRows.map((r) => r.cursor);
        expect(delivered).toEqual(expected);
        const expectedEphemeral = chain.filter(({ link, fate }) => link.cursors.length === 0 && fate.kind === 'arrives').map(({ link }) => link.id);
        expect([...ephemeralOnly].sort((a, b) => a - b)).toEqual(expectedEphemeral);
      }),
      { numRuns: 400 },
    );
  });
});
