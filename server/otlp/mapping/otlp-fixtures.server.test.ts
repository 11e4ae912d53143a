import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { eventPageSchema, sessionSummarySchema, type SessionSummary } from '#protocol/api-schemas';
import { testServers } from '../../test-support/test-server';

// The fixtures as an exporter would send them (OTLP JSON over HTTP) into the real
// server with the real mapping: sessions, stored events and usage read back over
// REST, and the same export sent again stores nothing twice.

const servers = testServers(afterEach);
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

async function exportJson(url: string, path: '/v1/logs' | '/v1/traces', body: string) {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as { partialSuccess?: { rejectedLogRecords?: string; rejectedSpans?: string; errorMessage?: string } } };
}

async function session(url: string, id: string): Promise<SessionSummary> {
  const res = await fetch(`${url}/api/v1/sessions/${id}`);
  expect(res.status).toBe(200);
  return sessionSummarySchema.parse(await res.json());
}

async function storedTypes(url: string, id: string): Promise<string[]> {
  const page = eventPageSchema.parse(await (await fetch(`${url}/api/v1/sessions/${id}/events?limit=500`)).json());
  return page.events.map((e) => e.event.type);
}

describe('OTLP fixtures through the real server', () => {
  it('Claude Code: a session with its producer, whole-input tokens, reported cost; a retried export stores nothing twice', async () => {
    const { url } = await servers.start();
    const id = '3f1c2a9e-5b7d-4e21-9c0a-8d6f4b2e1a37';
    const first = await exportJson(url, '/v1/logs', fixture('claude-code-logs.json'));
    expect(first.status).toBe(200);
    expect(first.body.partialSuccess?.rejectedLogRecords ?? '0').toBe('0');
    const summary = await session(url, id);
    expect(summary).toMatchObject({ producer: 'claude_code', agent: 'claude-code', status: 'error', prompt_tokens: 17012 + 2000, completion_tokens: 490, cache_read_tokens: 15000, cache_write_tokens: 3200 });
    expect(summary.tokens_by_source).toMatchObject({ root: { calls: 1 }, tool_embedded: { calls: 1 } });
    // Claude Code's own cost rides beside our price, by label.
    const usage = (await (await fetch(`${url}/api/v1/usage?group_by=label&session=${id}`)).json()) as { rows: { label: string | null; reported_cost_usd: number | null; calls: number }[] };
    expect(usage.rows.map((r) => [r.label, r.calls, r.reported_cost_usd]).sort()).toEqual([
      ['Explore', 1, 0.0021],
      ['repl_main_thread', 1, 0.0123],
    ]);
    const types = await storedTypes(url, id);
    expect(types.filter((t) => t === 'token_usage')).toHaveLength(2);
    expect(types.filter((t) => t === 'tool_call_start')).toHaveLength(3);

    const again = await exportJson(url, '/v1/logs', fixture('claude-code-logs.json'));
    expect(again.status).toBe(200);
    expect(await storedTypes(url, id)).toEqual(types);
    expect(await session(url, id)).toMatchObject({ prompt_tokens: summary.prompt_tokens, completion_tokens: summary.completion_tokens });
  });

  it('Codex and Gemini CLI: sessions under their own ids and producers, counted once', async () => {
    const { url } = await servers.start();
    expect((await exportJson(url, '/v1/logs', fixture('codex-logs.json'))).status).toBe(200);
    expect((await exportJson(url, '/v1/logs', fixture('gemini-cli-logs.json'))).status).toBe(200);
    expect(await session(url, '0199a5f2-6c1e-7b3a-9e55-2d41c8f0a7b6')).toMatchObject({ producer: 'codex', prompt_tokens: 24000, cache_read_tokens: 20000, completion_tokens: 1200 });
    const gemini = await session(url, 'c8b3f0e2-1d4a-4f6b-a7c9-5e2d8b1f3a60');
    expect(gemini).toMatchObject({ producer: 'gemini_cli', status: 'done', prompt_tokens: 9000 + 3040, completion_tokens: 650 + 120 });
  });

  it('GenAI spans: the agent run under its conversation id, the non-GenAI span reported in partial_success', async () => {
    const { url } = await servers.start();
    const reply = await exportJson(url, '/v1/traces', fixture('genai-spans.json'));
    expect(reply.status).toBe(200);
    expect(reply.body.partialSuccess).toMatchObject({ rejectedSpans: '1', errorMessage: expect.stringContaining('GET /healthz') });
    expect(await session(url, 'conv_5f8a')).toMatchObject({ producer: 'otlp', status: 'done', prompt_tokens: 2600, completion_tokens: 290 });
  });
});
