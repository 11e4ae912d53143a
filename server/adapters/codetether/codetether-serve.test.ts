import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { eventPageSchema, sessionListSchema, type SessionSummary } from '#protocol/api-schemas';
import { removeTempDirs, tempDir } from '../../test-support/follower-test-kit';
import { startServerProcess, type ServerProcess } from '../../test-support/server-process';
import { waitFor } from '../../test-support/test-server';

// The CLI as users run it, in its own process, against a codetether data directory.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(repoRoot, 'server/adapters/codetether/fixtures');
const threadLines = fs.readFileSync(path.join(fixtures, 'thread-log.jsonl'), 'utf8').trimEnd().split('\n');
const SESSION = '0b7c6f2e-3d41-4a8e-9f25-6c1d2e3f4a5b';

let running: ServerProcess[] = [];
afterEach(async () => {
  for (const p of running) await p.stop();
  running = [];
  removeTempDirs();
});

const getJson = async (url: string): Promise<unknown> => (await fetch(url)).json();

async function sessionTitled(server: ServerProcess, title: string): Promise<SessionSummary | undefined> {
  const list = sessionListSchema.parse(await getJson(`${server.url}/api/v1/sessions?q=${encodeURIComponent(title)}`));
  return list.sessions.find((s) => s.title === title);
}

describe('serve --codetether-dir', () => {
  it('shows a running codetether session under its title, live, and keeps its transcript', async () => {
    const dataDir = path.join(tempDir('codetether-serve'), '.codetether-agent');
    fs.mkdirSync(path.join(dataDir, 'threads'), { recursive: true });
    fs.mkdirSync(path.join(dataDir, 'sessions'), { recursive: true });
    // The agent is mid-turn: the first ten lines so far.
    const threadLog = path.join(dataDir, 'threads', `${SESSION}.jsonl`);
    fs.writeFileSync(threadLog, `${threadLines.slice(0, 10).join('\n')}\n`);
    fs.copyFileSync(path.join(fixtures, 'session.json'), path.join(dataDir, 'sessions', `${SESSION}.json`));

    const server = await startServerProcess({ args: ['--codetether-dir', dataDir] });
    running.push(server);
    expect(server.stderr()).toContain(`codetether sessions from ${dataDir}`);
    const active = await waitFor(() => sessionTitled(server, 'Fix the failing date test'), 'the session under its title', 15_000);
    expect(active).toMatchObject({ session_id: SESSION, agent: 'build', model: 'anthropic/claude-sonnet-4-5', status: 'active' });

    // The turn goes on and ends: the overview follows, the transcript stays.
    fs.appendFileSync(threadLog, `${threadLines.slice(10, 22).join('\n')}\n`);
    await waitFor(async () => (await sessionTitled(server, 'Fix the failing date test'))?.status === 'done', 'the finished turn', 15_000);
    const page = eventPageSchema.parse(await getJson(`${server.url}/api/v1/sessions/${SESSION}/events`));
    expect(page.events.map((r) => r.event.type)).toEqual([
      // The user's prompt, then the reply text.
      'text_complete', 'text_complete', 'tool_call_start', 'tool_call_metadata', 'tool_call_metadata', 'tool_call_complete',
      'tool_call_start', 'tool_call_metadata', 'approval_request', 'tool_call_complete', 'text_complete', 'done',
    ]);
    expect(page.events[0]!.event).toMatchObject({ role: 'user', text: 'Fix the failing date test in utils' });
  });

  it('ingest --format codetether-run reads a run from standard input into the server', async () => {
    const server = await startServerProcess({});
    running.push(server);
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'ingest', '--format', 'codetether-run', '--server', server.url], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.end(fs.readFileSync(path.join(fixtures, 'run.jsonl')));
    expect(await exited).toBe(0);
    expect(output).toContain('20 lines, 16 events, 16 accepted, 0 duplicates, 0 lines rejected');
    const page = eventPageSchema.parse(await getJson(`${server.url}/api/v1/sessions/${SESSION}/events`));
    expect(page.events.at(-1)!.event.type).toBe('done');
  });
});
