import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { contextSampleIntervalMs } from '../context-sampling';
import { fixtureStartMs, makeItem } from '../../test-support/store-test-events';
import type { IngestItem } from '../../ingest/ingest-item';
import { inMemoryPath } from './open-database';
import { createSqliteStore } from './sqlite-store';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-context-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

const T0 = fixtureStartMs;
const estimate = (seq: number, tsMs: number) => makeItem('token_estimate', 'ctx', seq, tsMs, { request_tokens: seq * 100 });

it('remembers the last sample across a restart, so it never samples twice within the interval', async () => {
  const file = path.join(tempDir, 'restart.db');
  const first = await createSqliteStore({ path: file });
  await first.ingest([estimate(1, T0)]);
  await first.close();

  const reopened = await createSqliteStore({ path: file });
  await reopened.ingest([estimate(2, T0 + contextSampleIntervalMs - 1)]);
  await reopened.ingest([estimate(3, T0 + contextSampleIntervalMs)]);
  expect((await reopened.contextSeries('ctx')).samples.map((s) => [s.ts_ms, s.request_tokens])).toEqual([
    [T0, 100],
    [T0 + contextSampleIntervalMs, 300],
  ]);
  await reopened.close();
});

it('forgets the samples of a batch that rolled back, so the next estimate is kept', async () => {
  const store = await createSqliteStore({ path: inMemoryPath });
  // Enough prompt tokens in one hour to overflow the hourly rollup's int64 (as a build before the
  // protocol bounded them let through): the batch fails after its estimate was sampled.
  const overflowing = Array.from({ length: 1100 }, (_, i) => {
    const event = { session_id: 'other', seq: i + 1, ts: T0, type: 'token_usage', source: 'root', model: 'm', prompt_tokens: Number.MAX_SAFE_INTEGER, completion_tokens: 1, duration_ms: 1 };
    return { event: event as IngestItem['event'], known: true, eventClass: 'durable', tsMs: T0, json: JSON.stringify(event) } satisfies IngestItem;
  });
  await expect(store.ingest([estimate(1, T0), ...overflowing])).rejects.toThrow(/./);
  await store.ingest([estimate(2, T0 + 1000)]);
  await store.ingest([estimate(3, T0 + 2000)]);
  expect((await store.contextSeries('ctx')).samples.map((s) => s.ts_ms)).toEqual([T0 + 1000]);
  await store.close();
});
