import { describe, expect, it } from 'vitest';
import { sessionEvents } from '../test-support/event-factory';
import { EphemeralState } from './ephemeral-state';

describe('EphemeralState', () => {
  it('folds text deltas into one snapshot chunk and forgets it when the step completes', () => {
    const state = new EphemeralState();
    const e = sessionEvents('s1');
    state.apply(e('text_chunk', { delta: 'Hel' }));
    state.apply(e('text_chunk', { delta: 'lo' }));
    expect(state.snapshot(['s1'])).toEqual([expect.objectContaining({ type: 'text_chunk', text: 'Hello', seq: 2 })]);
    expect(state.snapshot(['s1'])[0]).not.toHaveProperty('delta');
    state.apply(e('text_chunk', { text: 'Replaced' }));
    expect(state.snapshot(['s1'])).toEqual([expect.objectContaining({ text: 'Replaced' })]);
    state.apply(e('text_complete'));
    expect(state.snapshot(['s1'])).toEqual([]);
  });

  it('restates an approval the agent still waits for, until something settles it', () => {
    const state = new EphemeralState();
    const e = sessionEvents('s3');
    state.apply(e('tool_call_start', { tool_call_id: 'c1', name: 'bash' }));
    state.apply(e('approval_request', { approval_id: 'ap-1', tool_call_id: 'c1' }));
    state.apply(e('session_sync'));
    // A session save does not settle it; the snapshot restates it in seq order.
    expect(state.snapshot(['s3']).map((x) => x.type)).toEqual(['tool_call_start', 'approval_request', 'session_sync']);
    state.apply(e('approval_decision', { approval_id: 'ap-1', status: 'approved' }));
    expect(state.snapshot(['s3']).map((x) => x.type)).not.toContain('approval_request');
  });

  // Until the shared fold, this server kept RLM progress per trace while the browser showed one loop;
  // the one rule now is the browser's: the newest loop, ended by its own rlm_complete.
  it('keeps the last estimate, the newest RLM loop and running tools until they end', () => {
    const state = new EphemeralState();
    const e = sessionEvents('s2');
    state.apply(e('token_estimate', { request_tokens: 1 }));
    state.apply(e('token_estimate', { request_tokens: 2 }));
    state.apply(e('rlm_progress', { trace_id: 'a', iteration: 1 }));
    state.apply(e('rlm_progress', { trace_id: 'b', iteration: 1 }));
    state.apply(e('rlm_progress', { trace_id: 'a', iteration: 2 }));
    state.apply(e('tool_heartbeat', { tool_call_id: 't1', elapsed_secs: 10 }));
    state.apply(e('tool_heartbeat', { tool_call_id: 't1', elapsed_secs: 20 }));
    state.apply(e('tool_output_chunk', { tool_call_id: 't1', chunk: 'out' }));
    state.apply(e('tool_call_start', { tool_call_id: 't2' }));
    state.apply(e('compaction_started', { trace_id: 'c1' }));
    const types = () => state.snapshot(['s2']).map((x) => x.type);
    // In seq order: replaying the snapshot is the same as having seen it happen.
    expect(types()).toEqual(['token_estimate', 'rlm_progress', 'tool_heartbeat', 'tool_output_chunk', 'tool_call_start', 'compaction_started']);
    expect(state.snapshot(['s2'])[0]).toMatchObject({ request_tokens: 2 });
    expect(state.snapshot(['s2'])[1]).toMatchObject({ trace_id: 'a', iteration: 2 });
    expect(state.snapshot(['s2'])[2]).toMatchObject({ elapsed_secs: 20 });
    state.apply(e('rlm_complete', { trace_id: 'a' }));
    state.apply(e('tool_call_complete', { tool_call_id: 't1' }));
    state.apply(e('tool_call_complete', { tool_call_id: 't2' }));
    state.apply(e('compaction_completed', { trace_id: 'c1' }));
    expect(types()).toEqual(['token_estimate']);
  });

  it('moves only on events newer than every earlier one of the session', () => {
    const state = new EphemeralState();
    const late = sessionEvents('s4', 2);
    const e = sessionEvents('s4', 5);
    state.apply(e('text_chunk', { delta: 'now' }));
    // A stored resend from before: a browser ignores it for the present, so must the snapshot.
    state.apply(late('tool_call_start', { tool_call_id: 'old' }));
    expect(state.snapshot(['s4']).map((x) => x.type)).toEqual(['text_chunk']);
    expect(state.presentOf('s4')?.lastSeq).toBe(5);
  });

  it('filters by session and forgets ended sessions after their time to live', () => {
    const state = new EphemeralState(10, 1000, 10_000);
    state.apply(sessionEvents('a')('token_estimate'), 0);
    state.apply(sessionEvents('b')('token_estimate'), 0);
    expect(state.snapshot(['b'], 0).map((x) => x.session_id)).toEqual(['b']);
    state.apply(sessionEvents('a', 5)('done'), 0);
    // Within its time to live an ended session is restated, its end included (a browser forgets the end before a snapshot).
    expect(state.snapshot(null, 500).map((x) => [x.session_id, x.type])).toEqual([['a', 'token_estimate'], ['a', 'done'], ['b', 'token_estimate']]);
    expect(state.snapshot(null, 2000).map((x) => x.session_id)).toEqual(['b']);
    expect(state.snapshot(null, 20_000)).toEqual([]);
  });

  it('holds at most maxSessions', () => {
    const state = new EphemeralState(3);
    for (let i = 0; i < 10; i++) state.apply(sessionEvents(`s${i}`)('token_estimate'), 0);
    expect(state.size).toBe(3);
    expect(state.snapshot(null, 0).map((x) => x.session_id)).toEqual(['s7', 's8', 's9']);
  });
});
