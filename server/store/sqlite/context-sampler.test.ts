import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { contextSampleIntervalMs } from '../context-sampling';
import { fixtureStartMs, makeItem } from '../../test-support/store-test-events';
import { ContextSampler } from './context-sampler';
import { inMemoryPath, openDatabase } from './open-database';
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

it('forgets the samples of a batch that rolled back, so the next estimate is kept', () => {
  const db = openDatabase(inMemoryPath);
  const sampler = new ContextSampler(db);
  const failingBatch = db.transaction(() => {
    sampler.offer(estimate(1, T0));
    throw new Error('the batch fails after sampling');
  });
  expect(() => failingBatch()).toThrow('the batch fails');
  sampler.discard();
  db.transaction(() => sampler.offer(estimate(2, T0 + 1000)))();
  sampler.commit();
  db.transaction(() => sampler.offer(estimate(3, T0 + 2000)))();
  sampler.commit();
  expect(db.prepare('SELECT ts_ms FROM context_samples ORDER BY ts_ms').pluck().all()).toEqual([T0 + 1000]);
  db.close();
});
