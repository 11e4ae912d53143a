import { beforeEach, describe, expect, it } from 'vitest';
import { entry, makeEvent } from '../test-support/test-events';
import { applyLiveFrame, configureLive, frozenSince, recordDroppedEvents, resetLiveStore, setConnectionStatus } from './live-actions';
import { useLiveStore } from './live-store';

beforeEach(() => resetLiveStore());

describe('live actions', () => {
  it('applies a frame in one update and leaves the state alone for an empty one', () => {
    let updates = 0;
    const unsubscribe = useLiveStore.subscribe(() => updates++);
    applyLiveFrame([{ kind: 'events', entries: [entry(makeEvent('thinking', 1)), entry(makeEvent('text_chunk', 2, { delta: 'hi' }))] }]);
    applyLiveFrame([]);
    unsubscribe();
    expect(updates).toBe(1);
    expect(useLiveStore.getState().sessions.byId.get('s1')?.present.step?.text).toBe('hi');
  });

  it('uses the configured ring size', () => {
    configureLive({ recentCapacity: 1 });
    applyLiveFrame([{ kind: 'events', entries: [entry(makeEvent('thinking', 1)), entry(makeEvent('thinking', 2))] }]);
    expect(useLiveStore.getState().sessions.byId.get('s1')?.recentEphemeral.map((e) => e.event.seq)).toEqual([2]);
  });

  it('keeps connection facts in their own slice', () => {
    setConnectionStatus({ kind: 'reconnecting', attempt: 2, retryAt: 5_000, delayMs: 750 });
    recordDroppedEvents(3);
    recordDroppedEvents(4);
    const { connection, sessions } = useLiveStore.getState();
    expect(connection.status).toEqual({ kind: 'reconnecting', attempt: 2, retryAt: 5_000, delayMs: 750 });
    expect(connection.droppedEvents).toBe(7);
    expect(sessions.ids).toEqual([]);
  });

  it('freezes the figures from the moment the connection is lost until it is live and caught up', () => {
    const live = { kind: 'live', replaying: false } as const;
    const replaying = { kind: 'live', replaying: true } as const;
    const lost = { kind: 'reconnecting', attempt: 1, retryAt: null, delayMs: null } as const;
    // Opening the page is not a loss: no "as of" flashes while the first replay runs.
    expect(frozenSince(null, { kind: 'connecting' }, 1_000)).toBeNull();
    expect(frozenSince(null, replaying, 1_000)).toBeNull();
    expect(frozenSince(null, lost, 2_000)).toBe(2_000);
    // Later attempts and the replay after reconnecting keep the moment it was lost.
    expect(frozenSince(2_000, { kind: 'connecting' }, 3_000)).toBe(2_000);
    expect(frozenSince(2_000, replaying, 4_000)).toBe(2_000);
    expect(frozenSince(2_000, live, 5_000)).toBeNull();
    expect(frozenSince(null, { kind: 'offline' }, 6_000)).toBe(6_000);

    setConnectionStatus(lost, 7_000);
    setConnectionStatus(replaying, 8_000);
    expect(useLiveStore.getState().connection.frozenSinceMs).toBe(7_000);
    setConnectionStatus(live, 9_000);
    expect(useLiveStore.getState().connection.frozenSinceMs).toBeNull();
  });
});
