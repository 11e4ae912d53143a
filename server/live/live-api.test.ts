import { afterEach, describe, expect, it } from 'vitest';
import type { LiveServerMessage } from '#protocol/live-messages';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { openLiveClient, openProducer, testServers, waitFor } from '../test-support/test-server';

const servers = testServers(afterEach);
const start = servers.start;

const kinds = (messages: LiveServerMessage[]) => messages.map((m) => m.kind);

describe('live WebSocket for browsers', () => {
  it('pushes every event, stored ones with their cursor and ephemeral ones without', async () => {
    const { wsUrl } = await start();
    const live = await openLiveClient(wsUrl);
    servers.defer(() => live.socket.close());
    await waitFor(() => live.messages.some((m) => m.kind === 'caught_up'), 'caught_up');
    expect(live.messages[0]).toMatchObject({ kind: 'hello', protocol: 1, head_cursor: 0 });

    const s = uniqueSessionId('live');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    await producer.send([e('thinking'), e('text_chunk'), e('text_complete'), e('token_usage')]);
    const pushed = await waitFor(() => {
      const events = live.messages.flatMap((m) => (m.kind === 'events' ? m.events : []));
      return events.length >= 4 ? events : null;
    }, 'four pushed events');
    expect(pushed.map((x) => [x.event.type, x.cursor === null])).toEqual([
      ['thinking', true],
      ['text_chunk', true],
      ['text_complete', false],
      ['token_usage', false],
    ]);
    await waitFor(() => live.messages.some((m) => m.kind === 'sessions' && m.sessions.some((x) => x.session_id === s)), 'a session summary');
  });

  it('follows only the chosen sessions', async () => {
    const { wsUrl } = await start();
    const mine = uniqueSessionId('mine');
    const other = uniqueSessionId('other');
    const live = await openLiveClient(wsUrl, `?sessions=${mine}`);
    servers.defer(() => live.socket.close());
    await waitFor(() => live.messages.some((m) => m.kind === 'caught_up'), 'caught_up');
    const producer = await openProducer(wsUrl);
    await producer.send([sessionEvents(other)('token_usage'), sessionEvents(mine)('token_usage')]);
    await waitFor(() => live.storedCursors().length === 1, 'one event');
    const sessionsSeen = live.messages.flatMap((m) => (m.kind === 'events' ? m.events.map((x) => x.event.session_id) : []));
    expect(sessionsSeen).toEqual([mine]);
  });

  it('a browser joining mid-session gets the present ephemeral state at once', async () => {
    const { wsUrl } = await start();
    const s = uniqueSessionId('present');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    await producer.send([e('token_estimate', { request_tokens: 90_000, budget: 100_000 }), e('text_chunk', { delta: 'Hel' }), e('text_chunk', { delta: 'lo' }), e('tool_heartbeat')]);
    const live = await openLiveClient(wsUrl, `?sessions=${s}`);
    servers.defer(() => live.socket.close());
    const snapshot = await waitFor(() => live.messages.find((m) => m.kind === 'snapshot'), 'snapshot');
    const events = snapshot.kind === 'snapshot' ? snapshot.events : [];
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'token_estimate', request_tokens: 90_000 }),
        expect.objectContaining({ type: 'text_chunk', text: 'Hello' }),
        expect.objectContaining({ type: 'tool_heartbeat' }),
      ]),
    );
  });

  it('reconnecting with a cursor replays every missed stored event exactly once, in order, then goes live', async () => {
    const { wsUrl } = await start();
    const s = uniqueSessionId('resume');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    await producer.send(Array.from({ length: 50 }, () => e('token_usage')));
    const first = await openLiveClient(wsUrl);
    await waitFor(() => first.messages.some((m) => m.kind === 'caught_up'), 'caught_up');
    await producer.send(Array.from({ length: 10 }, () => e('tool_call_start')));
    await waitFor(() => first.storedCursors().length === 10, 'ten live events');
    const lastSeen = Math.max(...first.storedCursors());
    first.socket.close();

    // While disconnected: 2,500 more (more than one replay page), some ephemeral.
    for (let i = 0; i < 5; i++) await producer.send(Array.from({ length: 500 }, (_, j) => (j % 10 === 0 ? e('thinking') : e('token_usage'))));
    const second = await openLiveClient(wsUrl, `?cursor=${lastSeen}`);
    servers.defer(() => second.socket.close());
    await waitFor(() => second.messages.some((m) => m.kind === 'caught_up'), 'caught_up', 10_000);
    await producer.send([e('done')]);
    await waitFor(() => second.storedCursors().length === 2251, 'all missed + one live', 10_000);
    const cursors = second.storedCursors();
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(cursors[0]).toBe(lastSeen + 1);
    expect(kinds(second.messages).indexOf('caught_up')).toBeLessThan(kinds(second.messages).lastIndexOf('events'));
  });

  it('a client a little behind loses ephemeral events first, is told it lagged, and keeps every stored one', async () => {
    const { wsUrl } = await start({ liveLimits: { softBytes: 16 * 1024, hardBytes: 64 << 20 } });
    const slow = await openLiveClient(wsUrl);
    servers.defer(() => slow.socket.close());
    await waitFor(() => slow.messages.some((m) => m.kind === 'caught_up'), 'caught up');
    const raw = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const s = uniqueSessionId('lag');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    const padding = 'y'.repeat(4000);
    for (let i = 0; i < 40; i++) {
      await producer.send(Array.from({ length: 50 }, (_, j) => (j === 0 ? e('tool_call_start') : e('text_chunk', { delta: padding }))));
    }
    raw.resume();
    const lagged = await waitFor(() => slow.messages.find((m) => m.kind === 'lagged'), 'lagged notice', 10_000);
    expect(lagged.kind === 'lagged' && lagged.dropped).toBeGreaterThan(0);
    await waitFor(() => slow.storedCursors().length === 40, 'every stored event', 10_000);
    expect(slow.messages.some((m) => m.kind === 'resync')).toBe(false);
  });

  it('clients that stop reading are resynced, do not grow server memory past the cap, and miss nothing stored; fast ones get everything live', async () => {
    const softBytes = 64 * 1024;
    const hardBytes = 256 * 1024;
    const { server, wsUrl } = await start({ liveLimits: { softBytes, hardBytes, stallTimeoutMs: 30_000 } });
    // Many of each at once: the cap is per client, so the total stays under (slow clients) x (hard limit + one message).
    const slowClients = await Promise.all(Array.from({ length: 6 }, () => openLiveClient(wsUrl)));
    const fastClients = await Promise.all(Array.from({ length: 4 }, () => openLiveClient(wsUrl)));
    for (const c of [...slowClients, ...fastClients]) servers.defer(() => c.socket.close());
    const [slow] = slowClients as [Awaited<ReturnType<typeof openLiveClient>>];
    await waitFor(() => [...slowClients, ...fastClients].every((c) => c.messages.some((m) => m.kind === 'caught_up')), 'all caught up');

    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    for (const c of slowClients) (c.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const s = uniqueSessionId('slow');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    const padding = 'x'.repeat(2000);
    let maxBuffered = 0;
    let maxTotalBuffered = 0;
    const rounds = 60;
    for (let i = 0; i < rounds; i++) {
      await producer.send(Array.from({ length: 100 }, (_, j) => (j % 2 ? e('text_chunk', { delta: padding }) : e('tool_call_complete', { output: padding }))));
      let total = 0;
      for (const c of (server.hub as unknown as { clients: Map<number, { bufferedBytes: number }> }).clients.values()) {
        maxBuffered = Math.max(maxBuffered, c.bufferedBytes);
        total += c.bufferedBytes;
      }
      maxTotalBuffered = Math.max(maxTotalBuffered, total);
    }
    const storedTotal = rounds * 50;
    // The fast clients are unaffected: each got every stored event live, in order.
    for (const fast of fastClients) {
      await waitFor(() => fast.storedCursors().length === storedTotal, 'fast client complete', 10_000);
      expect(fast.messages.some((m) => m.kind === 'resync')).toBe(false);
    }
    // One batch message past the hard limit at most, per client and in all.
    expect(maxBuffered).toBeLessThan(hardBytes + 500 * 1024);
    expect(maxTotalBuffered).toBeLessThan(slowClients.length * (hardBytes + 500 * 1024));

    for (const c of slowClients) (c.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => slow.messages.some((m) => m.kind === 'resync'), 'resync notice', 10_000);
    for (const c of slowClients) {
      await waitFor(() => new Set(c.storedCursors()).size === storedTotal, 'slow client complete after resync', 15_000);
      const cursors = c.storedCursors();
      expect(cursors.length).toBe(storedTotal);
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    }
  }, 60_000);
});
