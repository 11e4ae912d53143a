import { beforeEach, describe, expect, it } from 'vitest';
import { defaultLiveConfig as config } from '../live-config';
import type { LiveOp, LiveSessionsState } from '../live-types';
import { applyLiveFrame, resetLiveStore } from '../store/live-actions';
import { useLiveStore } from '../store/live-store';
import { entry, makeEvent } from '../test-support/test-events';
import { applyLiveOps } from './apply-live-ops';

// Issue 13, item 3: ids are data. Names of Object.prototype's members must be
// sessions and tool calls like any other, beside ordinary ones in the same frame.
const hostileIds = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const allIds = [...hostileIds, 'ordinary'];
const empty: LiveSessionsState = { byId: new Map(), ids: [], statusFacts: new Map() };

const textFrame = (seq: number, text: (id: string) => string): LiveOp => ({
  kind: 'events',
  entries: allIds.map((session_id) => entry(makeEvent('text_chunk', seq, { session_id, delta: text(session_id) }))),
});

beforeEach(() => resetLiveStore());

describe('session ids named like Object.prototype members', () => {
  it('each get their own session, and no other session loses an event of the frame', () => {
    let state = applyLiveOps(empty, [textFrame(1, (s) => `${s}:a`)], config);
    state = applyLiveOps(state, [textFrame(2, () => 'b')], config);
    expect(state.ids).toEqual(allIds);
    expect(state.byId.size).toBe(allIds.length);
    for (const sessionId of allIds) {
      expect(state.byId.get(sessionId)?.present.step?.text).toBe(`${sessionId}:ab`);
      expect(state.byId.get(sessionId)?.recentEphemeral.map((e) => e.event.seq)).toEqual([1, 2]);
    }
    expect(state.byId.get('isPrototypeOf')).toBeUndefined();
  });

  it('survive a snapshot (a browser joining later gets the present state)', () => {
    let state = applyLiveOps(empty, [textFrame(1, () => 'stale')], config);
    const snapshot: LiveOp = {
      kind: 'snapshot',
      entries: allIds.map((session_id) => entry(makeEvent('token_estimate', 2, { session_id, model: 'm', request_tokens: 7, budget: 10 }))),
    };
    state = applyLiveOps(state, [snapshot], config);
    for (const sessionId of allIds) expect(state.byId.get(sessionId)?.present.estimate?.request_tokens).toBe(7);
  });

  it('reach the store through one frame update', () => {
    applyLiveFrame([textFrame(1, (s) => s)]);
    const { sessions } = useLiveStore.getState();
    expect([...sessions.byId.keys()]).toEqual(allIds);
    expect(sessions.byId.get('__proto__')?.present.step?.text).toBe('__proto__');
  });
});

describe('tool call ids named like Object.prototype members', () => {
  it('are tracked from start through heartbeat and output to completion', () => {
    const session_id = 'constructor';
    const start = (tool_call_id: string, seq: number) => entry(makeEvent('tool_call_start', seq, { session_id, tool_call_id, name: 'bash', arguments: '{}' }), seq);
    let state = applyLiveOps(empty, [{ kind: 'events', entries: hostileIds.map((t, i) => start(t, i + 1)) }], config);
    let session = state.byId.get(session_id)!;
    expect(session.present.tools.ids).toEqual(hostileIds);
    expect(state.statusFacts.get(session_id)?.toolName).toBe('bash');

    const beat = entry(makeEvent('tool_heartbeat', 10, { session_id, tool_call_id: '__proto__', name: 'bash', elapsed_secs: 4 }));
    const output = entry(makeEvent('tool_output_chunk', 11, { session_id, tool_call_id: 'toString', name: 'bash', stream: 'stdout', chunk: 'ok\n' }));
    state = applyLiveOps(state, [{ kind: 'events', entries: [beat, output] }], config);
    session = state.byId.get(session_id)!;
    expect(session.present.tools.byId.get('__proto__')?.elapsedSecs).toBe(4);
    expect(session.present.tools.byId.get('toString')?.output).toMatchObject([{ stream: 'stdout', text: 'ok\n' }]);

    const complete = hostileIds.map((t, i) =>
      entry(makeEvent('tool_call_complete', 20 + i, { session_id, tool_call_id: t, name: 'bash', output: '', success: true, duration_ms: 1 }), 20 + i),
    );
    state = applyLiveOps(state, [{ kind: 'events', entries: complete }], config);
    expect(state.byId.get(session_id)?.present.tools).toEqual({ byId: new Map(), ids: [] });
  });
});
