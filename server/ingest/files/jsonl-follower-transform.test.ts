import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionEvents } from '../../test-support/event-factory';
import { parseIngestValue } from '../ingest-item';
import { capturingLogger, FakeSubmit, removeTempDirs, tempDir, waitFor } from '../../test-support/follower-test-kit';
import type { LineTransform } from './jsonl-line';
import { followJsonlDirectory, type JsonlFollower } from './jsonl-follower';

let followers: JsonlFollower[] = [];
afterEach(async () => {
  for (const follower of followers) await follower.stop();
  followers = [];
  removeTempDirs();
});

/** A toy format: `{"n": N}` -> two events (seq 2N, 2N+1); `{"skip": true}` -> none; anything else refused. */
const twoPerLine: LineTransform = (text, lineNumber, file) => {
  const value = JSON.parse(text) as { n?: number; skip?: boolean };
  if (value.skip) return [];
  if (typeof value.n !== 'number') return [{ ok: false, error: `no n on line ${lineNumber} of ${path.basename(file)}` }];
  const next = sessionEvents('s-transform', value.n * 2);
  return [parseIngestValue(next('tool_call_start')), parseIngestValue(next('tool_call_complete'))];
};

describe('followJsonlDirectory with transformLine', () => {
  it('submits every event a line gives, none for a skipped line, and reports refused lines by number', async () => {
    const dir = tempDir('follow-transform');
    const file = path.join(dir, 'other.jsonl');
    fs.writeFileSync(file, '{"n":1}\n{"skip":true}\n{"m":0}\n{"n":2}\n');
    const store = new FakeSubmit();
    const { log, messages } = capturingLogger();
    let rejected = 0;
    const follower = followJsonlDirectory({ dir, submit: store.submit, countRejected: (n) => (rejected += n), log, pollMs: 40, transformLine: twoPerLine });
    followers.push(follower);

    await waitFor(() => store.seqs('s-transform').length === 4, 'four events from two lines');
    expect(store.seqs('s-transform')).toEqual([2, 3, 4, 5]);
    await waitFor(() => rejected === 1, 'the refused line counted');
    expect(messages()).toContain(`${file}:3: no n on line 3 of other.jsonl`);

    // A partial line waits for its newline, as without a transform.
    fs.appendFileSync(file, '{"n":');
    fs.appendFileSync(file, '3}\n');
    await waitFor(() => store.seqs('s-transform').length === 6, 'the completed line');
    expect(follower.stats()).toMatchObject({ accepted: 6, rejected: 1 });
  });
});
