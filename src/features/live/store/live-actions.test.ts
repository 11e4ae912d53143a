import { beforeEach, describe, expect, it } from 'vitest';
import { entry, makeEvent } from '../test-events';
import { applyLiveFrame, configureLive, recordDroppedEvents, resetLiveStore, setConnectionStatus } from './live-actions';
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
    expect(useLiveStore.getState().sessions.byId.get('s1')?.step?.text).toBe('hi');
  });

  it('uses the configured ring size', () => {
    configureLive({ recentCapacity: 1 });
    applyLiveFrame([{ kind: 'events', entries: [entry(makeEvent('thinking', 1)), entry(makeEvent('thinking', 2))] }]);
    expect(useLiveStore.getState().sessions.byId.get('s1')?.recent.map((e) => e.event.seq)).toEqual([2]);
  });

  it('keeps connection facts in their own slice', () => {
    setConnectionStatus({ kind: 'reconnecting', attempt: 2, retryAt: 5_000 });
    recordDroppedEvents(3);
    recordDroppedEvents(4);
    const { connection, sessions } = useLiveStore.getState();
    expect(connection.status).toEqual({ kind: 'reconnecting', attempt: 2, retryAt: 5_000 });
    expect(connection.droppedEvents).toBe(7);
    expect(sessions.ids).toEqual([]);
  });
});
