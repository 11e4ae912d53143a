import type { Page } from '@playwright/test';
import { expect, test } from './support/spec-server';
import { ScriptedSession } from './support/scripted-session';

// The operator view against the real server: a scripted producer plays a known
// session and the page must show each stage of it, the same after a reload,
// and nothing missing or doubled across a server restart.

const connection = (page: Page) => page.getByRole('banner').getByRole('status');
const transcript = (page: Page) => page.getByRole('region', { name: 'Transcript' });
const eventLog = (page: Page) => page.getByRole('region', { name: 'Event log' });

/** How many events of one class the log holds, read from its own filter ("N of M events"). */
async function countOfClass(page: Page, eventClass: string): Promise<number> {
  const log = eventLog(page);
  await log.getByLabel('Class').selectOption(eventClass);
  const text = await log.getByText(/^\d+ of \d+ events$/).innerText();
  await log.getByLabel('Class').selectOption('');
  return Number(/^\d+/.exec(text)![0]);
}

test('one session in full, live, after a reload and across a server restart', async ({ page, server }) => {
  test.setTimeout(120_000);
  const session = await ScriptedSession.open(server.wsUrl, 'operator');
  const title = `Operator view ${session.sessionId.slice(-8)}`;

  await test.step('overview: the row, its gauge and live status; the URL filters; the keyboard opens it', async () => {
    session
      .emit('session_sync', { session: { id: session.sessionId, title, agent: 'build', metadata: { model: 'openai/gpt-5' } } })
      .emit('token_estimate', { model: 'openai/gpt-5', request_tokens: 96_000, budget: 128_000 })
      .emit('token_usage', { source: 'root', model: 'openai/gpt-5', prompt_tokens: 1200, completion_tokens: 340 })
      .emit('thinking');
    await session.acked();
    await page.goto(`${server.url}/?q=${encodeURIComponent(title)}`);
    await expect(connection(page)).toHaveText('Live');
    const row = page.getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('75%'); // 96,000 / 128,000
    await expect(row).toContainText('1.5k');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  });

  await test.step('streamed text grows, then is final', async () => {
    session.emit('text_chunk', { delta: 'Hello' });
    await expect(transcript(page).getByRole('article', { name: 'Reply being written' })).toHaveText('Hello');
    session.emit('text_chunk', { delta: ', operator' });
    await expect(transcript(page).getByRole('article', { name: 'Reply being written' })).toHaveText('Hello, operator');
    session.emit('text_complete', { text: 'Hello, operator. All checks done.' });
    await expect(transcript(page).getByText('Hello, operator. All checks done.')).toBeVisible();
    await expect(transcript(page).getByRole('article', { name: 'Reply being written' })).toHaveCount(0);
  });

  await test.step('a tool call: its timer counts, a heartbeat moves it on, output streams, then the result', async () => {
    session.emit('tool_call_start', { tool_call_id: 'call-op', name: 'bash', arguments: '{"command":"cargo test"}' });
    const card = transcript(page).getByRole('article', { name: 'Tool call bash' });
    await expect(card).toContainText('"command": "cargo test"');
    await expect(card.getByText(/running [1-9]\d* s/)).toBeVisible({ timeout: 5_000 });
    session.emit('tool_heartbeat', { tool_call_id: 'call-op', name: 'bash', elapsed_secs: 40 });
    await expect(card.getByText(/running 4\d s/)).toBeVisible();
    session.emit('tool_output_chunk', { tool_call_id: 'call-op', name: 'bash', stream: 'stdout', chunk: 'test result: ok' });
    await expect(card).toContainText('test result: ok');
    session.emit('tool_call_complete', { tool_call_id: 'call-op', name: 'bash', output: 'all 12 tests passed', success: true, duration_ms: 41_500 });
    await expect(card).toContainText('succeeded in 41.5 s');
  });

  await test.step('a compaction with its reduction; a truncation with its dropped tokens', async () => {
    session
      .emit('compaction_started', { trace_id: 'cmp-op-1', reason: 'over budget', before_tokens: 140_000, budget: 128_000 })
      .emit('compaction_completed', { trace_id: 'cmp-op-1', strategy: 'rlm', before_tokens: 140_000, after_tokens: 22_400, kept_messages: 12 })
      .emit('compaction_started', { trace_id: 'cmp-op-2', reason: 'still over budget', before_tokens: 150_000, budget: 128_000 })
      .emit('context_truncated', { trace_id: 'cmp-op-2', dropped_tokens: 60_000, kept_messages: 4, archive_ref: 'archive/op/1.jsonl' });
    const compaction = page.getByRole('region', { name: 'Compaction' });
    await expect(compaction).toContainText('140k → 22.4k tokens, −84%');
    await expect(compaction.getByRole('note')).toContainText('Context lost: dropped 60.0k tokens');
  });

  await test.step('an approval, a stream retry, an error, done', async () => {
    session.emit('approval_request', { approval_id: 'ap-op', tool_call_id: 'call-op-2', tool: 'bash', action: 'execute', resource: 'rm -rf build/', reason: 'destructive command' });
    await expect(transcript(page).getByRole('note', { name: 'Approval requested for bash' })).toContainText('rm -rf build/');
    session.emit('stream_retry', { attempt: 2, max_restarts: 3, reason: 'connection reset' });
    await expect(transcript(page).getByText('Reconnecting… 2/3')).toBeVisible();
    session.emit('error', { error: 'provider returned 529 overloaded' }).emit('done');
    await expect(transcript(page).getByRole('alert')).toContainText('provider returned 529 overloaded');
    await expect(page.getByText('Done', { exact: true }).first()).toBeVisible();
    await session.acked();
  });

  const historyBefore = await test.step('a reload rebuilds the same transcript from the stored events', async () => {
    const before = await transcript(page).getByRole('list', { name: 'Steps' }).innerText();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect.poll(() => transcript(page).getByRole('list', { name: 'Steps' }).innerText()).toBe(before);
    return countOfClass(page, 'history');
  });

  await test.step('the event log: filter by type, raw JSON on expand', async () => {
    await eventLog(page).getByLabel('Type').selectOption('approval_request');
    await eventLog(page).getByRole('button', { name: /approval_request/ }).click();
    await expect(eventLog(page).getByText('"approval_id": "ap-op"')).toBeVisible();
    await eventLog(page).getByLabel('Type').selectOption('');
  });

  await test.step('a server restart: reconnecting, then live again; what was sent meanwhile arrives once', async () => {
    await server.stop();
    await expect(connection(page)).toHaveText('Reconnecting');
    session.emit('text_complete', { text: 'Written while the server was down.' });
    await server.restart();
    await expect(connection(page)).toHaveText('Live', { timeout: 30_000 });
    await session.acked();
    await expect(transcript(page).getByText('Written while the server was down.')).toHaveCount(1);
    const historyAfter = await countOfClass(page, 'history');
    await page.reload();
    await expect(transcript(page).getByText('Written while the server was down.')).toHaveCount(1);
    expect(await countOfClass(page, 'history')).toBe(historyAfter);
    expect(historyAfter).toBe(historyBefore + 1);
  });
  await session.close();
});

test('overview: derived status, filters and sort live in the URL', async ({ page, server }) => {
  const busy = await ScriptedSession.open(server.wsUrl, 'busy');
  const finished = await ScriptedSession.open(server.wsUrl, 'finished');
  const tag = busy.sessionId.slice(-6);
  busy.emit('session_sync', { session: { id: busy.sessionId, title: `Busy ${tag}` } }).emit('tool_call_start', { tool_call_id: 'c1', name: 'cargo' });
  finished.emit('session_sync', { session: { id: finished.sessionId, title: `Finished ${tag}` } }).emit('done');
  await Promise.all([busy.acked(), finished.acked()]);

  await page.goto(`${server.url}/?q=${tag}`);
  await expect(page.getByRole('row').filter({ hasText: `Busy ${tag}` })).toContainText(/Running cargo · \d+ s/);
  await expect(page.getByRole('row').filter({ hasText: `Finished ${tag}` })).toContainText('Done');

  await page.getByRole('button', { name: /^Done \d+$/ }).click();
  await expect(page).toHaveURL(/status=done/);
  await expect(page.getByRole('rowheader')).toHaveText([new RegExp(`Finished ${tag}`)]);

  await page.reload();
  await expect(page.getByRole('rowheader')).toHaveText([new RegExp(`Finished ${tag}`)]);
  await page.getByRole('button', { name: 'Tokens' }).click();
  await expect(page).toHaveURL(/sort=tokens/);
  await expect(page.getByRole('columnheader', { name: 'Tokens' })).toHaveAttribute('aria-sort', 'descending');

  // `/` focuses the search box.
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox')).toBeFocused();
  await Promise.all([busy.close(), finished.close()]);
});
