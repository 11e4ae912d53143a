import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import type { EventOf, KnownEventType, SessionEvent } from '../src/protocol/event-schemas';
import { ingestReplySchema } from '../src/protocol/live-messages';
import { sampleEvents } from '../src/protocol/sample-events';
import { serverForSpec } from './support/spec-server';

// Issue 13, item 3: session ids are data. Sessions (and tool calls) named like
// Object.prototype's members stream beside an ordinary one in the same frames;
// every event of every session must reach the browser, their pages must show,
// and a browser joining later must get their present state.
const server = serverForSpec();

const hostileIds = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const sessionIds = [...hostileIds, `e2e-ordinary-${Math.random().toString(36).slice(2, 10)}`];
const titleOf = (id: string) => `Hostile ids ${id}`;
const toolOf = (id: string) => `probe${id.replace(/[^a-z]/gi, '')}`;

const connection = (page: Page) => page.getByRole('banner').getByRole('status');
const eventLog = (page: Page) => page.getByRole('region', { name: 'Event log' });
const rowOf = (page: Page, id: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: titleOf(id), exact: true }) });

/**
 * A raw producer socket: each frame is answered once, in order, so a frame's
 * reply says it was committed. (Not ProducerClient: it settles by per-session
 * acks, which is the ingest side's part of this issue, not what this spec tests.)
 */
async function openProducer(wsUrl: string) {
  const socket = new WebSocket(`${wsUrl}/api/v1/ingest`);
  const replies: ((text: string) => void)[] = [];
  socket.on('message', (data: Buffer) => replies.shift()?.(data.toString()));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    async sendFrame(events: SessionEvent[]): Promise<void> {
      const reply = await new Promise<string>((resolve) => {
        replies.push(resolve);
        socket.send(JSON.stringify(events));
      });
      const parsed = ingestReplySchema.parse(JSON.parse(reply));
      if (parsed.kind !== 'ack' || parsed.rejected.length > 0) throw new Error(`frame refused: ${reply}`);
    },
    close: () => socket.close(),
  };
}

/** Plays every session round-robin, one frame per step mixing them all; returns each session's event count. */
async function streamAll(producer: Awaited<ReturnType<typeof openProducer>>): Promise<Map<string, number>> {
  const seqs = new Map(sessionIds.map((id) => [id, 0]));
  let frame: SessionEvent[] = [];
  const emit = <T extends KnownEventType>(id: string, type: T, overrides: Partial<EventOf<T>> = {}) => {
    const seq = seqs.get(id)! + 1;
    seqs.set(id, seq);
    frame.push({ ...sampleEvents[type], session_id: id, seq, ts: new Date().toISOString(), ...overrides } as SessionEvent);
  };
  const steps: ((id: string) => void)[] = [
    (id) => emit(id, 'session_sync', { session: { id, title: titleOf(id), agent: 'build', metadata: { model: 'openai/gpt-5' } } }),
    (id) => emit(id, 'thinking'),
    (id) => emit(id, 'text_chunk', { delta: `Looking at ${id}. ` }),
    (id) => emit(id, 'text_chunk', { delta: 'Done looking.' }),
    (id) => emit(id, 'text_complete', { text: `Looking at ${id}. Done looking.` }),
    (id) => emit(id, 'token_usage', { source: 'root', model: 'openai/gpt-5', prompt_tokens: 1000, completion_tokens: 100 }),
    // Tool call ids named like prototype members too.
    (id) => emit(id, 'tool_call_start', { tool_call_id: id, name: toolOf(id), arguments: '{"command":"ls"}' }),
    (id) => emit(id, 'tool_heartbeat', { tool_call_id: id, name: toolOf(id), elapsed_secs: 1 }),
    (id) => emit(id, 'tool_output_chunk', { tool_call_id: id, name: toolOf(id), stream: 'stdout', chunk: `listing for ${id}\n` }),
  ];
  for (const step of steps) {
    for (const id of sessionIds) step(id);
    await producer.sendFrame(frame);
    frame = [];
  }
  return seqs;
}

test('sessions named constructor, __proto__, toString and hasOwnProperty stream beside an ordinary one', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(server().url);
  await expect(connection(page)).toContainText('Live');

  const producer = await openProducer(server().wsUrl);
  const counts = await streamAll(producer);

  // The overview: every session, its running tool known from the live stream (the server summary has no tool name).
  for (const id of sessionIds) await expect(rowOf(page, id)).toContainText(`Running ${toolOf(id)}`);

  // Every event of every session reached this tab: the log counts the stored history and the
  // ephemeral events (thinking, text chunks, heartbeats, output) that only the live stream carried.
  for (const id of sessionIds) {
    await rowOf(page, id).getByRole('link', { name: titleOf(id), exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(titleOf(id));
    await expect(eventLog(page).getByText(`${counts.get(id)} events`, { exact: true })).toBeVisible();
    await page.goBack();
    await expect(rowOf(page, id)).toBeVisible();
  }

  // A browser joining now gets the present state of each: the tool still running, its output so far.
  const late = await browser.newPage();
  late.on('pageerror', (err) => pageErrors.push(err.message));
  await late.goto(server().url);
  await expect(connection(late)).toContainText('Live');
  for (const id of sessionIds) await expect(rowOf(late, id)).toContainText(`Running ${toolOf(id)}`);
  await late.goto(`${server().url}/sessions/constructor`);
  await expect(late.getByRole('heading', { level: 1 })).toHaveText(titleOf('constructor'));
  await expect(late.getByText('listing for constructor').first()).toBeVisible();
  await late.close();

  expect(pageErrors).toEqual([]);
  producer.close();
});
