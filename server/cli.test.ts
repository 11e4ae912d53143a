import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventPageSchema, sessionListSchema } from '#protocol/api-schemas';
import { healthSchema } from '#protocol/health-schemas';
import { sessionEvents, uniqueSessionId } from './test-support/event-factory';
import { startServerProcess, type ServerProcess } from './test-support/server-process';
import { waitFor } from './test-support/test-server';

// The CLI as users run it: its own process, real flags, real files.
let running: ServerProcess[] = [];
afterEach(async () => {
  for (const p of running) await p.stop();
  running = [];
});

async function start(opts: Parameters<typeof startServerProcess>[0]) {
  const p = await startServerProcess(opts);
  running.push(p);
  return p;
}

const json = async (url: string) => (await fetch(url)).json() as Promise<unknown>;

describe('serve', () => {
  it('follows a --watch directory: appended lines, a partial line completed later, a new file', async () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'tether-watch-dir-'));
    const s1 = uniqueSessionId('watched');
    const e = sessionEvents(s1);
    const file = path.join(dir, `${s1}.jsonl`);
    fs.writeFileSync(file, `${JSON.stringify(e('token_usage'))}\n`);
    const server = await start({ args: ['--watch', dir] });

    await waitFor(async () => eventPageSchema.parse(await json(`${server.url}/api/v1/sessions/${s1}/events`)).events.length === 1, 'first line', 10_000);
    const partial = JSON.stringify(e('tool_call_start'));
    fs.appendFileSync(file, `${JSON.stringify(e('text_complete'))}\n${partial.slice(0, 20)}`);
    await waitFor(async () => eventPageSchema.parse(await json(`${server.url}/api/v1/sessions/${s1}/events`)).events.length === 2, 'second line', 10_000);
    fs.appendFileSync(file, `${partial.slice(20)}\n`);
    await waitFor(async () => eventPageSchema.parse(await json(`${server.url}/api/v1/sessions/${s1}/events`)).events.length === 3, 'completed partial line', 10_000);

    const s2 = uniqueSessionId('later');
    fs.writeFileSync(path.join(dir, `${s2}.jsonl`), `${JSON.stringify(sessionEvents(s2)('done'))}\n`);
    await waitFor(async () => sessionListSchema.parse(await json(`${server.url}/api/v1/sessions?q=${s2}`)).total === 1, 'new file', 10_000);
  });

  it('takes --port, --host and --db, and keeps data across a restart with the same database', async () => {
    const first = await start({});
    const s = uniqueSessionId('flags');
    await fetch(`${first.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: JSON.stringify(sessionEvents(s)('token_usage')) });
    await first.stop();
    running = [];
    const second = await start({ dir: first.dir, port: first.port });
    expect(second.port).toBe(first.port);
    const health = healthSchema.parse(await json(`${second.url}/api/v1/health`));
    expect(health).toMatchObject({ status: 'ok', store: 'sqlite', sessions: 1 });
  });

  it('refuses to start on a bad flag with a message naming it', async () => {
    await expect(startServerProcess({ args: ['--port', 'eighty'] })).rejects.toThrow(/--port: .*number/);
  });
});
