import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeSummary } from '../../test-support/fixtures';
import type { ConnectionStatus, LiveOp } from '../live-types';
import { makeEvent } from '../test-support/test-events';
import { LiveClient, type LiveClientOptions, type LiveSink, type SocketHandlers } from './live-client';

interface FakeSocket {
  url: string;
  handlers: SocketHandlers;
  closed: boolean;
  send(message: unknown): void;
}

function setup(extra: Partial<LiveClientOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const statuses: ConnectionStatus[] = [];
  const ops: LiveOp[] = [];
  const sink: LiveSink = {
    status: (status) => statuses.push(status),
    op: (op) => ops.push(op),
    sessions: vi.fn<LiveSink['sessions']>(),
    caughtUp: vi.fn<LiveSink['caughtUp']>(),
    lagged: vi.fn<LiveSink['lagged']>(),
    invalidEvent: vi.fn<LiveSink['invalidEvent']>(),
    serverError: vi.fn<LiveSink['serverError']>(),
  };
  const client = new LiveClient({
    url: (cursor) => (cursor === null ? 'ws://test/live' : `ws://test/live?cursor=${cursor}`),
    socket: (url, handlers) => {
      const socket: FakeSocket = {
        url,
        handlers,
        closed: false,
        send: (message) => handlers.message(JSON.stringify(message)),
      };
      sockets.push(socket);
      return { close: () => void (socket.closed = true) };
    },
    sink,
    random: () => 0.5,
    backoff: { baseMs: 1_000, maxMs: 8_000 },
    ...extra,
  });
  const last = () => sockets.at(-1)!;
  const hello = (head: number) => last().send({ kind: 'hello', protocol: 1, head_cursor: head, server_time_ms: 0 });
  const stored = (cursor: number, seq: number) => ({ cursor, event: makeEvent('done', seq) });
  return { client, sink, sockets, statuses, ops, last, hello, stored };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => vi.useRealTimers());

describe('LiveClient', () => {
  it('is connecting until hello, then live from the head', () => {
    const t = setup();
    t.client.start();
    expect(t.statuses.at(-1)).toEqual({ kind: 'connecting' });
    expect(t.last().url).toBe('ws://test/live');
    t.hello(41);
    expect(t.statuses.at(-1)).toEqual({ kind: 'live', replaying: false });
    expect(t.client.resumeCursor).toBe(41);
  });

  it('reconnects with back-off and resumes after the highest cursor seen', () => {
    const t = setup();
    t.client.start();
    t.hello(10);
    t.last().send({ kind: 'events', events: [t.stored(11, 1), t.stored(12, 2)] });
    t.last().handlers.close(1006, '');

    // attempt 1: base 1000 ms, equal jitter with random 0.5 -> 750 ms
    expect(t.statuses.at(-1)).toEqual({ kind: 'reconnecting', attempt: 1, retryAt: 1_000_750, delayMs: 750 });
    vi.advanceTimersByTime(749);
    expect(t.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.last().url).toBe('ws://test/live?cursor=12');
    expect(t.statuses.at(-1)).toEqual({ kind: 'reconnecting', attempt: 1, retryAt: null, delayMs: null });

    t.last().handlers.close(1006, '');
    expect(t.statuses.at(-1)).toMatchObject({ kind: 'reconnecting', attempt: 2, retryAt: 1_000_750 + 1_500 });
  });

  it('"Retry now" tries at once, keeps the attempt count, and does nothing while connected', () => {
    const t = setup();
    t.client.start();
    t.hello(10);
    t.client.retryNow();
    expect(t.sockets).toHaveLength(1);
    t.last().handlers.close(1006, '');
    expect(t.statuses.at(-1)).toEqual({ kind: 'reconnecting', attempt: 1, retryAt: 1_000_750, delayMs: 750 });
    t.client.retryNow();
    expect(t.sockets).toHaveLength(2);
    expect(t.last().url).toBe('ws://test/live?cursor=10');
    expect(t.statuses.at(-1)).toEqual({ kind: 'reconnecting', attempt: 1, retryAt: null, delayMs: null });
    // The back-off timer it replaced does not open a third socket.
    vi.advanceTimersByTime(10_000);
    expect(t.sockets).toHaveLength(2);
    t.last().handlers.close(1006, '');
    expect(t.statuses.at(-1)).toMatchObject({ kind: 'reconnecting', attempt: 2 });
    t.client.retryNow();
    t.hello(10);
    expect(t.statuses.at(-1)).toEqual({ kind: 'live', replaying: false });
  });

  it('by default waits at most 5 s between attempts, however long the server is away', () => {
    const t = setup({ backoff: undefined, random: () => 1 });
    t.client.start();
    t.hello(1);
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      t.last().handlers.close(1006, '');
      const status = t.statuses.at(-1)!;
      if (status.kind !== 'reconnecting' || status.retryAt === null) throw new Error('expected a scheduled retry');
      delays.push(status.retryAt - Date.now());
      vi.advanceTimersByTime(status.retryAt - Date.now());
    }
    expect(Math.max(...delays)).toBe(5_000);
    expect(delays.slice(0, 4)).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('drops stored events at or below the highest cursor applied, keeps ephemeral ones', () => {
    const t = setup();
    t.client.start();
    t.hello(10);
    t.last().send({ kind: 'events', events: [t.stored(11, 1), t.stored(12, 2)] });
    t.last().send({ kind: 'events', events: [t.stored(12, 2), t.stored(13, 3), { cursor: null, event: makeEvent('thinking', 4) }] });
    const applied = t.ops.flatMap((op) => op.entries.map((e) => [e.cursor, e.event.seq]));
    expect(applied).toEqual([
      [11, 1],
      [12, 2],
      [13, 3],
      [null, 4],
    ]);
  });

  it('replays on resume and reports when it has caught up', () => {
    const t = setup();
    t.client.start();
    t.hello(5);
    t.last().handlers.close(1001, 'restart');
    vi.runOnlyPendingTimers();
    t.hello(9);
    expect(t.statuses.at(-1)).toEqual({ kind: 'live', replaying: true });
    t.last().send({ kind: 'caught_up', cursor: 9 });
    expect(t.statuses.at(-1)).toEqual({ kind: 'live', replaying: false });
    expect(t.client.resumeCursor).toBe(9);
    expect(t.sink.caughtUp).toHaveBeenCalledExactlyOnceWith(false);
  });

  it('reports the first catch-up of a fresh connection as fresh, later ones (resync) not', () => {
    const t = setup();
    t.client.start();
    t.hello(4);
    t.last().send({ kind: 'caught_up', cursor: 4 });
    t.last().send({ kind: 'resync', cursor: 4, reason: 'client fell behind' });
    expect(t.statuses.at(-1)).toEqual({ kind: 'live', replaying: true });
    t.last().send({ kind: 'caught_up', cursor: 4 });
    expect(t.sink.caughtUp).toHaveBeenNthCalledWith(1, true);
    expect(t.sink.caughtUp).toHaveBeenNthCalledWith(2, false);
  });

  it('passes snapshots, summaries, lag and errors to the sink', () => {
    const t = setup();
    t.client.start();
    t.hello(0);
    t.last().send({ kind: 'snapshot', events: [makeEvent('thinking', 3)] });
    t.last().send({ kind: 'sessions', sessions: [makeSummary({ session_id: 's1' })] });
    t.last().send({ kind: 'lagged', dropped: 7 });
    t.last().send({ kind: 'error', error: 'bad subscribe' });
    expect(t.ops).toEqual([{ kind: 'snapshot', entries: [{ cursor: null, event: makeEvent('thinking', 3) }] }]);
    expect(t.sink.sessions).toHaveBeenCalledWith([makeSummary({ session_id: 's1' })]);
    expect(t.sink.lagged).toHaveBeenCalledWith(7);
    expect(t.sink.serverError).toHaveBeenCalledWith('bad subscribe');
  });

  it('refuses malformed frames and events without breaking the connection', () => {
    const t = setup();
    t.client.start();
    t.hello(0);
    t.last().handlers.message('{not json');
    t.last().send({ kind: 'events', events: [{ cursor: 1, event: { session_id: 's1', seq: 1, ts: 1, type: 'token_usage' } }] });
    expect(t.sink.serverError).toHaveBeenCalledOnce();
    expect(t.sink.invalidEvent).toHaveBeenCalledOnce();
    expect(t.ops).toEqual([]);
    expect(t.statuses.at(-1)).toEqual({ kind: 'live', replaying: false });
  });

  it('gives up on a socket that never says hello', () => {
    const t = setup();
    t.client.start();
    vi.advanceTimersByTime(10_000);
    expect(t.sockets[0]!.closed).toBe(true);
    expect(t.statuses.at(-1)).toMatchObject({ kind: 'reconnecting', attempt: 1 });
  });

  it('keeps backing off a server that hangs up right after hello, and starts over after a lasting connection', () => {
    const t = setup();
    t.client.start();
    t.hello(0);
    t.last().handlers.close(1011, '');
    vi.runOnlyPendingTimers();
    t.hello(0);
    t.last().handlers.close(1011, '');
    expect(t.statuses.at(-1)).toMatchObject({ attempt: 2 });
    vi.runOnlyPendingTimers();
    t.hello(0);
    vi.advanceTimersByTime(10_000);
    t.last().handlers.close(1011, '');
    expect(t.statuses.at(-1)).toMatchObject({ attempt: 1 });
  });

  it('waits while offline and reconnects at once when back online', () => {
    const t = setup();
    t.client.start();
    t.hello(3);
    t.client.setOnline(false);
    expect(t.last().closed).toBe(true);
    expect(t.statuses.at(-1)).toEqual({ kind: 'offline' });
    vi.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(1);
    t.client.setOnline(true);
    expect(t.sockets).toHaveLength(2);
    expect(t.last().url).toBe('ws://test/live?cursor=3');
  });

  it('ignores a closed socket after stop', () => {
    const t = setup();
    t.client.start();
    const first = t.last();
    t.client.stop();
    first.handlers.close(1000, '');
    vi.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(1);
  });

  it('asks whether a token is wanted when refused before hello, not after a connection that lived', () => {
    const onFailedBeforeHello = vi.fn();
    const t = setup({ onFailedBeforeHello });
    t.client.start();
    t.last().handlers.close(1006, '');
    expect(onFailedBeforeHello).toHaveBeenCalledTimes(1);
    vi.runOnlyPendingTimers();
    t.hello(5);
    t.last().handlers.close(1011, '');
    expect(onFailedBeforeHello).toHaveBeenCalledTimes(1);
  });

  it('stops trying while unauthorized, says so, and connects at once, from scratch, when authorized', () => {
    const t = setup();
    t.client.start();
    t.hello(9);
    t.last().handlers.close(1006, '');
    t.client.setAuthorized(false);
    expect(t.statuses.at(-1)).toEqual({ kind: 'unauthorized' });
    vi.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(1);
    t.client.setOnline(false);
    t.client.setOnline(true);
    expect(t.sockets).toHaveLength(1);
    t.client.setAuthorized(true);
    expect(t.sockets).toHaveLength(2);
    expect(t.last().url).toBe('ws://test/live?cursor=9');
    expect(t.statuses.at(-1)).toEqual({ kind: 'connecting' });
  });

  it('starts unauthorized without opening a socket when told before start', () => {
    const t = setup();
    t.client.setAuthorized(false);
    t.client.start();
    expect(t.sockets).toHaveLength(0);
    expect(t.statuses).toEqual([{ kind: 'unauthorized' }]);
  });
});
