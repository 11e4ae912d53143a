import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventStore } from '../store/event-store';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import { makeItem, tokenUsageItem } from '../test-support/store-test-events';
import { cataloguePrices } from './price-source';
import { SessionCostBook } from './session-cost-book';

// The book prices a summary only when its usage moved: the hub passes every
// pushed summary through it (a text chunk changes a summary too), so pricing
// must cost nothing when there is nothing new to price.

const silent = { info: () => {}, error: () => {} };
let store: EventStore | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function openStore(): Promise<EventStore> {
  store = await createSqliteStore({ path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tether-book-')), 'events.db') });
  return store;
}

describe('SessionCostBook', () => {
  it('prices a session when its usage changes, and only then', async () => {
    const db = await openStore();
    const t0 = Date.UTC(2026, 11, 3, 10);
    // openai/gpt-4o from the catalogue: 2.50 in, 10 out per million.
    const first = await db.ingest([tokenUsageItem('s1', 1, t0, { model: 'openai/gpt-4o', prompt_tokens: 1_000_000, completion_tokens: 0 })]);
    const book = new SessionCostBook(db, cataloguePrices, silent);
    const usage = vi.spyOn(db, 'usage');

    const [priced] = await book.fill(first.sessions);
    expect(priced!.cost_usd).toBeCloseTo(2.5, 12);
    expect((await db.getSession('s1'))!.cost_usd).toBeCloseTo(2.5, 12);
    const queries = usage.mock.calls.length;
    expect(queries).toBeGreaterThan(0);

    // A text chunk moves the summary but not its usage: no query.
    const chunk = await db.ingest([makeItem('text_chunk', 's1', 2, t0 + 1, { delta: 'hi' })]);
    expect((await book.fill(chunk.sessions))[0]!.cost_usd).toBeCloseTo(2.5, 12);
    expect(usage.mock.calls.length).toBe(queries);

    const more = await db.ingest([tokenUsageItem('s1', 3, t0 + 2, { model: 'openai/gpt-4o', prompt_tokens: 0, completion_tokens: 100_000 })]);
    expect((await book.fill(more.sessions))[0]!.cost_usd).toBeCloseTo(3.5, 12);
    expect(usage.mock.calls.length).toBeGreaterThan(queries);
  });

  it('leaves a session without usage unpriced rather than at $0, and fills the column of every stored session', async () => {
    const db = await openStore();
    const t0 = Date.UTC(2026, 11, 3, 10);
    const batch = await db.ingest([
      makeItem('thinking', 'quiet', 1, t0, {}),
      tokenUsageItem('spent', 1, t0, { model: 'openai/gpt-4o', prompt_tokens: 400_000, completion_tokens: 0 }),
    ]);
    expect(batch.sessions.map((s) => s.cost_usd)).toEqual([null, null]);
    await new SessionCostBook(db, cataloguePrices, silent).repriceAll();
    expect((await db.getSession('spent'))!.cost_usd).toBeCloseTo(1, 12);
    expect((await db.getSession('quiet'))!.cost_usd).toBeNull();
  });

  it('keeps the last cost when pricing fails, instead of failing the push or the read', async () => {
    const db = await openStore();
    const batch = await db.ingest([tokenUsageItem('s1', 1, Date.UTC(2026, 11, 3, 10), { model: 'openai/gpt-4o', prompt_tokens: 1_000_000, completion_tokens: 0 })]);
    const errors: unknown[] = [];
    const book = new SessionCostBook(db, cataloguePrices, { info: () => {}, error: (entry: unknown) => void errors.push(entry) });
    vi.spyOn(db, 'usage').mockRejectedValue(new Error('store unavailable'));
    expect(await book.fill(batch.sessions)).toEqual(batch.sessions);
    expect(errors).toHaveLength(1);
  });
});
