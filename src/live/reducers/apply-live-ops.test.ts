import { describe, expect, it } from 'vitest';
import { envelopeSchema } from '../../protocol/envelope';
import { defaultLiveConfig as config } from '../live-config';
import type { LiveSessionsState } from '../live-types';
import { entry, makeEvent } from '../test-support/test-events';
import { applyLiveOps } from './apply-live-ops';
import { applySessionEvents } from './apply-session-events';
import { emptySessionLive } from './session-live';

const empty: LiveSessionsState = { byId: new Map(), ids: [], statusFacts: new Map() };
const delta = (seq: number, text: string, session_id = 's1') => entry(makeEvent('text_chunk', seq, { delta: text, session_id }));
const seqs = (state: LiveSessionsState, id = 's1') => state.byId.get(id)?.recentEphemeral.map((e) => e.event.seq);

describe('applySessionEvents', () => {
  it('ignores an event it already holds (same seq)', () => {
    const once = applySessionEvents(emptySessionLive('s1'), [delta(1, 'a')], config);
    const twice = applySessionEvents(once, [delta(1, 'a')], config);
    expect(twice).toBe(once);
    expect(twice.present.step?.text).toBe('a');
  });

  it('keeps a late ephemeral event for the timeline without rewinding the present state', () => {
    const s = applySessionEvents(emptySessionLive('s1'), [delta(5, 'new')], config);
    const late = applySessionEvents(s, [entry(makeEvent('thinking', 3))], config);
    expect(late.present.step).toMatchObject({ text: 'new', complete: false });
    expect(late.present.thinking).toBeNull();
    expect(late.recentEphemeral.map((e) => e.event.seq)).toEqual([3, 5]);
    expect(late.present.lastSeq).toBe(5);
  });

  it('folds a stored event into the present but leaves it out of the ring (its home is the history query)', () => {
    const s = applySessionEvents(emptySessionLive('s1'), [delta(1, 'a'), entry(makeEvent('text_complete', 2, { text: 'done' }), 20)], config);
    expect(s.present.step).toMatchObject({ text: 'done', complete: true });
    expect(s.recentEphemeral.map((e) => e.event.seq)).toEqual([1]);
    // A stored event replayed late changes nothing, so the session stays the same object.
    expect(applySessionEvents(s, [entry(makeEvent('text_complete', 2, { text: 'done' }), 20)], config)).toBe(s);
  });

  it('carries unknown ephemeral event types in the ring without touching the present state', () => {
    const unknown = envelopeSchema.parse({ session_id: 's1', seq: 1, ts: 1, type: 'future_thing', extra: true });
    const s = applySessionEvents(emptySessionLive('s1'), [entry(unknown)], config);
    expect(s.recentEphemeral).toHaveLength(1);
    expect(s.present.lastSeq).toBe(1);
    expect(s.present.step).toBeNull();
  });

  it('bounds the ring to its newest ephemeral events', () => {
    const small = { ...config, recentCapacity: 3 };
    const entries = [1, 2, 3, 4, 5, 6].map((seq) => entry(makeEvent('thinking', seq), seq % 2 === 0 ? seq * 10 : null));
    const s = applySessionEvents(emptySessionLive('s1'), [...entries, entry(makeEvent('thinking', 7))], small);
    expect(s.recentEphemeral.map((e) => e.event.seq)).toEqual([3, 5, 7]);
  });
});

describe('applyLiveOps', () => {
  it('routes events to their sessions, remembering first-seen order', () => {
    const state = applyLiveOps(empty, [{ kind: 'events', entries: [delta(1, 'x', 'b'), delta(1, 'y', 'a'), delta(2, 'z', 'b')] }], config);
    expect(state.ids).toEqual(['b', 'a']);
    expect(state.byId.get('b')?.present.step?.text).toBe('xz');
    expect(state.byId.get('a')?.present.step?.text).toBe('y');
  });

  it('derives status facts for the sessions a frame touched, keeping the others by identity', () => {
    let state = applyLiveOps(empty, [{ kind: 'events', entries: [delta(1, 'x', 'a'), entry(makeEvent('thinking', 1, { session_id: 'b' }))] }], config);
    const factsOfB = state.statusFacts.get('b');
    expect(state.statusFacts.get('a')).toMatchObject({ streaming: true, thinking: false, lastSeq: 1 });
    expect(factsOfB).toMatchObject({ streaming: false, thinking: true });
    state = applyLiveOps(state, [{ kind: 'events', entries: [entry(makeEvent('done', 2, { session_id: 'a' }))] }], config);
    expect(state.statusFacts.get('a')).toMatchObject({ streaming: false, ended: 'done', lastSeq: 2 });
    expect(state.statusFacts.get('b')).toBe(factsOfB);
    // A frame that only repeats what the ring holds changes no session, so not the map either.
    const before = state.statusFacts;
    state = applyLiveOps(state, [{ kind: 'events', entries: [delta(1, 'x', 'a')] }], config);
    expect(state.statusFacts).toBe(before);
  });

  it('returns the same state for an empty frame', () => {
    expect(applyLiveOps(empty, [], config)).toBe(empty);
  });

  it('lets a snapshot restate the ephemeral present, even with events it already holds', () => {
    const thinking = entry(makeEvent('thinking', 4, { session_id: 'idle' }));
    let state = applyLiveOps(empty, [{ kind: 'events', entries: [delta(1, 'Hel'), delta(2, 'lo'), thinking] }], config);
    expect(state.byId.get('idle')?.present.thinking).not.toBeNull();

    // After a reconnect: s1 is still streaming (snapshot repeats seq 2 as a full text), `idle` is not mentioned.
    const snapshotText = entry(makeEvent('text_chunk', 2, { text: 'Hello' }));
    const estimate = entry(makeEvent('token_estimate', 3, { model: 'm', request_tokens: 5, budget: 10 }));
    state = applyLiveOps(state, [{ kind: 'snapshot', entries: [snapshotText, estimate] }], config);

    expect(state.byId.get('s1')?.present.step?.text).toBe('Hello');
    expect(state.byId.get('s1')?.present.estimate?.request_tokens).toBe(5);
    expect(state.byId.get('idle')?.present.thinking).toBeNull();
    expect(seqs(state)).toEqual([1, 2, 3]);

    // A stored event replayed late, older than what the snapshot states, changes nothing present.
    state = applyLiveOps(state, [{ kind: 'events', entries: [entry(makeEvent('text_complete', 1, { text: 'stale' }), 9)] }], config);
    expect(state.byId.get('s1')?.present.step).toMatchObject({ text: 'Hello', complete: false });
  });

  it('keeps what stored events established through a snapshot, without repeating tool output', () => {
    const toolStart = entry(makeEvent('tool_call_start', 1, { tool_call_id: 't1', name: 'bash', arguments: '{}' }), 10);
    const output = entry(makeEvent('tool_output_chunk', 2, { tool_call_id: 't1', name: 'bash', stream: 'stdout', chunk: 'line\n' }));
    const trace = '6f1c2c9e-3a55-4c1b-9d55-0d0c8f3f2a10';
    const compaction = entry(makeEvent('compaction_started', 3, { trace_id: trace, reason: 'r', before_tokens: 9, budget: 5 }), 11);
    const finished = entry(makeEvent('text_complete', 4, { text: 'final answer' }), 12);
    let state = applyLiveOps(empty, [{ kind: 'events', entries: [toolStart, output, compaction, finished] }], config);

    state = applyLiveOps(state, [{ kind: 'snapshot', entries: [output] }], config);
    const s1 = state.byId.get('s1')!;
    expect(s1.present.tools.byId.get('t1')).toMatchObject({ arguments: '{}', output: [{ stream: 'stdout', text: 'line\n' }] });
    expect(s1.present.compaction?.traceId).toBe(trace);
    expect(s1.present.step).toEqual({ text: 'final answer', complete: true, chunk: null });
    expect(s1.present.lastSeq).toBe(4);
  });
});
