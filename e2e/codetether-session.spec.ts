import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serverForSpec } from './support/spec-server';

// A codetether-agent session as the agent really writes it (the fixtures are
// built from its serde definitions: server/adapters/codetether/fixtures), read
// by the real server from a data directory while the "agent" goes on writing:
// one card per tool call with its command and exit code, the approvals with
// their decisions from approvals.jsonl, one done and one error.

const fixtures = path.resolve(import.meta.dirname, '../server/adapters/codetether/fixtures');
const SESSION = '0b7c6f2e-3d41-4a8e-9f25-6c1d2e3f4a5b';
const TITLE = 'Fix the failing date test';
const threadLines = fs.readFileSync(path.join(fixtures, 'thread-log.jsonl'), 'utf8').trimEnd().split('\n');
const approvalLines = fs.readFileSync(path.join(fixtures, 'approvals.jsonl'), 'utf8').trimEnd().split('\n');
/** The fixture's approval.requested of turn 2 (line 26): the agent waits there. */
const WAITING_LINE = 26;

// Named here (the server's flags need it), made in the worker before the server starts.
const dataDir = path.join(os.tmpdir(), `tether-e2e-codetether-${process.pid}-${Date.now()}`);
test.beforeAll(() => {
  for (const sub of ['threads', 'sessions', 'approvals']) fs.mkdirSync(path.join(dataDir, sub), { recursive: true });
});
const threadLog = path.join(dataDir, 'threads', `${SESSION}.jsonl`);
const approvalsLog = path.join(dataDir, 'approvals', 'approvals.jsonl');

/**
 * The fixture moved to the present (a session last heard from long ago reads as
 * stalled): its times shifted so that the agent asks for the second approval a
 * few seconds after the test starts.
 */
let shiftMs = 0;
const shiftThread = (line: string) => line.replace(/"timestamp_ms":(\d+)/, (_m, ms: string) => `"timestamp_ms":${Number(ms) + shiftMs}`);
const shiftApproval = (line: string) => line.replace(/"(requested_at|decided_at)":"([^"]+)"/, (_m, key: string, at: string) => `"${key}":"${new Date(Date.parse(at) + shiftMs).toISOString()}"`);
const writeLines = (file: string, lines: string[]) => fs.appendFileSync(file, `${lines.join('\n')}\n`);

const server = serverForSpec({ args: ['--codetether-dir', dataDir] });
test.afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('a real-shaped codetether session: one card per tool call, approvals with their decisions, one done, one error', async ({ page }) => {
  shiftMs = Date.now() + 5_000 - Number((JSON.parse(threadLines[WAITING_LINE - 1]!) as { timestamp_ms: number }).timestamp_ms);
  // The agent is mid-turn, about to ask for the approval of `git push`; the patch's approval was asked and given.
  writeLines(threadLog, threadLines.slice(0, WAITING_LINE - 1).map(shiftThread));
  fs.copyFileSync(path.join(fixtures, 'session.json'), path.join(dataDir, 'sessions', `${SESSION}.json`));
  writeLines(approvalsLog, [approvalLines[0]!, approvalLines[2]!].map(shiftApproval));

  // The watcher reads the data directory once the server is up.
  await expect.poll(async () => JSON.stringify(await (await fetch(`${server().url}/api/v1/sessions/${SESSION}`)).json()), { timeout: 20_000 }).toContain(TITLE);
  await page.goto(server().url);
  const row = page.getByRole('row').filter({ hasText: TITLE });
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);

  const steps = page.getByRole('list', { name: 'Steps' });
  const toolCards = steps.getByRole('article', { name: /^Tool call / });
  // bash, apply_patch, bash: each call once, although the agent wrote two to five records for each.
  await expect(toolCards).toHaveCount(3);
  const vitest = steps.getByRole('article', { name: 'Tool call bash' }).first();
  await expect(vitest.getByText('npx vitest run src/utils', { exact: true })).toBeVisible();
  await expect(vitest.getByRole('definition').filter({ hasText: /^1$/ })).toBeVisible();
  await expect(vitest.getByText('Exit code')).toBeVisible();
  await expect(vitest.getByText('/home/dev/app', { exact: true })).toBeVisible();
  const patch = steps.getByRole('article', { name: 'Tool call apply_patch' });
  await expect(patch.getByText('Files changed (1 hunk)')).toBeVisible();
  await expect(patch.getByText('src/utils/date.ts', { exact: true })).toBeVisible();

  const patchApproval = steps.getByRole('note', { name: 'Approval requested for apply_patch' });
  await expect(patchApproval).toContainText('✓ Approved by riley');
  await expect(patchApproval).toContainText('looks good');
  // The agent asks, live.
  writeLines(threadLog, [shiftThread(threadLines[WAITING_LINE - 1]!)]);
  writeLines(approvalsLog, [shiftApproval(approvalLines[1]!)]);
  const pushApproval = steps.getByRole('note', { name: 'Approval requested for bash' });
  await expect(pushApproval).toContainText('Waiting for a decision');
  await expect(pushApproval.getByText('Approve, and allow commands starting "git push" from now on')).toBeVisible();
  await expect(pushApproval.getByText('Deny and stop the turn')).toBeVisible();
  await expect(page.getByText('Awaiting approval', { exact: false }).first()).toBeVisible();

  // The operator denies the push in the agent's TUI: approvals.jsonl gets the decision.
  writeLines(approvalsLog, approvalLines.slice(3).map(shiftApproval));
  await expect(pushApproval).toContainText('✗ Denied by tui');
  await expect(pushApproval).toContainText('not before review');
  await expect(page.getByText('Awaiting approval')).toHaveCount(0);

  // The rest of the turn: the call fails, then the provider does.
  writeLines(threadLog, threadLines.slice(WAITING_LINE).map(shiftThread));
  const errors = steps.getByRole('alert');
  await expect(errors).toHaveCount(1);
  await expect(errors).toContainText('provider error: 529 Overloaded');
  await expect(toolCards).toHaveCount(3);
  await expect(steps.locator('[data-tone="done"]')).toHaveCount(1);
  // Each turn opens with the user's prompt, marked as such.
  const prompts = steps.getByRole('article', { name: 'User prompt' });
  await expect(prompts).toHaveCount(2);
  await expect(prompts.first()).toContainText('Fix the failing date test in utils');
  // The first turn's answer once, although the agent wrote it as the last item and as the turn's response.
  await expect(steps.getByText(/^formatDate returns the full ISO timestamp; the test wants the date only/)).toHaveCount(1);

  // The same after a reload, from the store.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(toolCards).toHaveCount(3);
  await expect(steps.getByRole('alert')).toHaveCount(1);
  await expect(steps.locator('[data-tone="done"]')).toHaveCount(1);
  await expect(steps.getByRole('note', { name: 'Approval requested for bash' })).toContainText('✗ Denied by tui');
  await expect(steps.getByRole('note', { name: 'Approval requested for apply_patch' })).toContainText('✓ Approved by riley');
});
