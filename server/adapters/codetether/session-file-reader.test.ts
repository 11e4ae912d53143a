import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../../test-support/follower-test-kit';
import { readSessionFile } from './session-file-reader';

afterEach(() => removeTempDirs());

const fixture = new URL('./fixtures/session.json', import.meta.url).pathname;
const MIB = 1024 * 1024;

/** A session file of about `mib` MiB of messages (escapes, braces and quotes in the text), usage after them. */
function writeLargeSession(file: string, mib: number): number {
  const message = JSON.stringify({ role: 'assistant', content: [{ type: 'text', text: `a "quote" {brace} [x] \\ ${'lorem ipsum '.repeat(400)}` }], usage: { prompt_tokens: 1 } });
  const block = Array.from({ length: 100 }, () => message).join(',');
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, '{"id":"big-1","title":"A long session","created_at":"2026-01-05T12:00:00Z","updated_at":"2026-01-05T18:00:00Z",');
    fs.writeSync(fd, '"metadata":{"model":"openai/gpt-5"},"agent":"build","messages":[');
    for (let written = 0, first = true; written < mib * MIB; written += block.length, first = false) fs.writeSync(fd, first ? block : `,${block}`);
    fs.writeSync(fd, '],"tool_uses":[],"usage":{"prompt_tokens":123456,"completion_tokens":7890,"total_tokens":131346}}');
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

describe('readSessionFile', () => {
  it('reads the summary of the fixture, usage included even with the null cache counts the agent writes when unknown', async () => {
    const read = await readSessionFile(fixture, { upToMessages: false, chunkBytes: 97 });
    expect(read.status).toBe('complete');
    expect(read.summary).toEqual({
      id: '0b7c6f2e-3d41-4a8e-9f25-6c1d2e3f4a5b',
      title: 'Fix the failing date test',
      agent: 'build',
      created_at: '2026-01-05T12:34:56.000123456Z',
      updated_at: '2026-01-05T12:36:16.123456789Z',
      model: 'anthropic/claude-sonnet-4-5',
      usage: { prompt_tokens: 15230, completion_tokens: 912, total_tokens: 16142, cache_read_tokens: null, cache_write_tokens: null },
    });
  });

  it('stops where messages start when asked to (usage comes after them)', async () => {
    const read = await readSessionFile(fixture, { upToMessages: true, chunkBytes: 64 });
    expect(read.status).toBe('stopped');
    expect(read.summary).toMatchObject({ title: 'Fix the failing date test', model: 'anthropic/claude-sonnet-4-5', usage: null });
    expect(read.bytesRead).toBeLessThan(fs.statSync(fixture).size / 2);
  });

  it('reads a large session file in chunks: the head in one read, usage without holding the messages', async () => {
    const file = path.join(tempDir('session-large'), 'big-1.json');
    const size = writeLargeSession(file, 48);
    expect(size).toBeGreaterThan(48 * MIB);

    const head = await readSessionFile(file, { upToMessages: true });
    expect(head.summary).toMatchObject({ id: 'big-1', title: 'A long session', model: 'openai/gpt-5', agent: 'build' });
    expect(head.bytesRead).toBe(64 * 1024);

    const full = await readSessionFile(file, { upToMessages: false, chunkBytes: 256 * 1024 });
    expect(full.status).toBe('complete');
    expect(full.summary.usage).toEqual({ prompt_tokens: 123456, completion_tokens: 7890, total_tokens: 131346 });
    expect(full.bytesRead).toBe(size);
    // Only the summary values were ever held, never a message.
    expect(full.maxHeldBytes).toBeLessThan(1024);
  });

  it('returns what it found in a file cut off mid-way (a crash, or a rewrite under way)', async () => {
    const file = path.join(tempDir('session-cut'), 'cut.json');
    const text = fs.readFileSync(fixture, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.indexOf('"tool_uses"') + 20));
    const read = await readSessionFile(file, { upToMessages: false });
    expect(read.status).toBe('truncated');
    expect(read.summary).toMatchObject({ title: 'Fix the failing date test', usage: null });
  });

  it('treats fields of the wrong shape as absent and reports a file that is not an object', async () => {
    const dir = tempDir('session-odd');
    fs.writeFileSync(path.join(dir, 'odd.json'), JSON.stringify({ id: 'odd', title: 42, metadata: 'none', usage: { prompt_tokens: 'many' } }));
    const odd = await readSessionFile(path.join(dir, 'odd.json'), { upToMessages: false });
    expect(odd.summary).toMatchObject({ id: 'odd', title: null, model: null, usage: null });
    fs.writeFileSync(path.join(dir, 'list.json'), '[]');
    expect(await readSessionFile(path.join(dir, 'list.json'), { upToMessages: false })).toMatchObject({ status: 'error', problems: ['not a JSON object'] });
  });
});
