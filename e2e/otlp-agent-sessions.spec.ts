import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { serverForSpec } from './support/spec-server';

// An agent connected over OTLP, as an operator sees it: Claude Code's log events
// (the mapping's fixture, sent as its exporter sends OTLP JSON) become a session
// whose page says where it comes from and what that source cannot show.
const claudeCodeExport = fs.readFileSync(new URL('../server/otlp/mapping/fixtures/claude-code-logs.json', import.meta.url), 'utf8');
const SESSION = '3f1c2a9e-5b7d-4e21-9c0a-8d6f4b2e1a37';

const server = serverForSpec();

test('a Claude Code session sent over OTLP shows its transcript, tool calls and where it comes from', async ({ page, request }) => {
  const reply = await request.post(`${server().url}/v1/logs`, { headers: { 'content-type': 'application/json' }, data: claudeCodeExport });
  expect(reply.status()).toBe(200);

  await page.goto(`${server().url}/sessions/${SESSION}`);
  const source = page.getByRole('complementary', { name: 'Where this session comes from' });
  await expect(source).toContainText('From Claude Code, via OpenTelemetry log events (OTLP).');
  await source.getByText('What this source cannot show').click();
  await expect(source.getByRole('listitem').filter({ hasText: 'tool output' })).toBeVisible();

  const transcript = page.getByRole('region', { name: 'Transcript' });
  await expect(transcript.getByText('Fix the failing test in parser.ts')).toBeVisible();
  await expect(transcript.getByText('The test passes now: the lexer skipped tabs.')).toBeVisible();
  await expect(transcript.getByText(/API error 529: Overloaded/)).toBeVisible();
  // One card per call: Bash and the Agent (subagent) ran, Write was rejected.
  await expect(transcript.getByRole('article', { name: /^Tool call / })).toHaveCount(3);
  await expect(transcript.getByRole('article', { name: 'Tool call Bash' })).toBeVisible();
});
