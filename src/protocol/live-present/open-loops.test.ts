import { describe, expect, it } from 'vitest';
import type { KnownSessionEvent } from '../event-schemas';
import { activityOf, activityStateSchema, idleActivityState, type ActivityState } from '../session-activity';
import { makeEvent } from '../test-support/make-event';
import { foldOpenLoops, turnChangeOf } from './open-loops';

const fold = (loops: ActivityState, ...events: KnownSessionEvent[]) => events.reduce((l, e) => foldOpenLoops(l, e, 64), loops);
const idle = idleActivityState();
const start = (seq: number, id?: string, name = 'bash') =>
  makeEvent('tool_call_start', seq, { name, arguments: '{}', ...(id ? { tool_call_id: id } : {}) });
const complete = (seq: number, id?: string, name = 'bash') =>
  makeEvent('tool_call_complete', seq, { name, output: 'ok', success: true, duration_ms: 5, ...(id ? { tool_call_id: id } : {}) });
const request = (seq: number) => makeEvent('approval_request', seq, { approval_id: 'a1', tool_call_id: 't1', tool: 'bash', action: 'run', resource: 'x', reason: 'y' });

describe('the open loops', () => {
  it('return the same object when nothing opens or closes (the browser folds thousands of chunks a second)', () => {
    const streaming = fold(idle, makeEvent('text_chunk', 1, { delta: 'a' }), start(2, 't1'));
    expect(fold(streaming, makeEvent('text_chunk', 3, { delta: 'b' }))).toBe(streaming);
    expect(fold(streaming, makeEvent('tool_output_chunk', 4, { tool_call_id: 't1', name: 'bash', stream: 'stdout', chunk: 'x' }))).toBe(streaming);
    expect(fold(streaming, makeEvent('token_usage', 5, { source: 'root', model: 'm', prompt_tokens: 1, completion_tokens: 1, duration_ms: 1 }))).toBe(streaming);
    expect(fold(idle, makeEvent('done', 6))).toBe(idle);
  });

  it('open and close each loop on its own events', () => {
    let loops = fold(idle, makeEvent('thinking', 1));
    expect(activityOf(loops)).toBe('thinking');
    // Text flowing ends the thought and a retry.
    loops = fold(loops, makeEvent('stream_retry', 2, { attempt: 1, max_restarts: 3, reason: 'x' }));
    expect(activityOf(loops)).toBe('retrying');
    loops = fold(loops, makeEvent('text_chunk', 3, { delta: 'a' }));
    expect(loops).toMatchObject({ thinking: false, retrying: false, streaming: true });
    loops = fold(loops, makeEvent('text_complete', 4, { text: 'a' }));
    expect(loops).toEqual(idle);
    // Only its own trace closes a compaction or an RLM loop.
    loops = fold(loops, makeEvent('compaction_started', 5, { trace_id: 'c1', reason: 'r', before_tokens: 1, budget: 1 }));
    loops = fold(loops, makeEvent('compaction_completed', 6, { trace_id: 'c0', strategy: 'truncate', before_tokens: 2, after_tokens: 1, kept_messages: 1 }));
    expect(loops.compaction).toBe('c1');
    loops = fold(loops, makeEvent('compaction_failed', 7, { trace_id: 'c1', fell_back_to: null, reason: 'r', after_tokens: 1, budget: 1 }));
    expect(loops.compaction).toBeNull();
  });

  it('match a completion without an id to the call started without one, else the oldest of that tool', () => {
    let loops = fold(idle, start(1, 'c1'), start(2), start(3, 'c3'));
    loops = fold(loops, complete(4));
    expect(loops.tools).toEqual([
      ['c1', 'bash'],
      ['c3', 'bash'],
    ]);
    loops = fold(loops, complete(5));
    expect(loops.tools).toEqual([['c3', 'bash']]);
  });

  it('track a call joined mid-way, and no more calls than the bound', () => {
    const joined = fold(idle, makeEvent('tool_heartbeat', 1, { tool_call_id: 't9', name: 'grep', elapsed_secs: 3 }));
    expect(joined.tools).toEqual([['t9', 'grep']]);
    // The start names the call it joined.
    expect(fold(joined, start(2, 't9', 'rg')).tools).toEqual([['t9', 'rg']]);
    const bounded = [start(1, 'a'), start(2, 'b')].reduce((l, e) => foldOpenLoops(l, e, 1), idle);
    expect(bounded.tools).toEqual([['a', 'bash']]);
  });

  it('close the approval wait on what settles it, and every loop on done or error', () => {
    const waiting = fold(idle, start(1, 't1'), request(2));
    expect(waiting.approval).toMatchObject({ approval_id: 'a1', since_ms: 1_700_000_000_002 });
    expect(fold(waiting, makeEvent('tool_output_chunk', 3, { tool_call_id: 't1', name: 'bash', stream: 'stdout', chunk: 'x' })).approval).toBeNull();
    expect(fold(waiting, makeEvent('session_sync', 3, { session: { id: 'session', title: 't' } })).approval).not.toBeNull();
    expect(fold(waiting, makeEvent('error', 3, { error: 'boom' }))).toEqual(idle);
  });

  it('say which events end the session and which reopen it', () => {
    expect(turnChangeOf(makeEvent('done', 1))).toBe('done');
    expect(turnChangeOf(makeEvent('error', 1, { error: 'x' }))).toBe('error');
    expect(turnChangeOf(start(1))).toBe('reopens');
    expect(turnChangeOf(makeEvent('tool_heartbeat', 1, { tool_call_id: 't', name: 'bash', elapsed_secs: 1 }))).toBeNull();
  });

  it('keep folding loops stored by an earlier build (the stored activity_state shape)', () => {
    // As a summary row holds it: JSON, read back and parsed.
    const stored = activityStateSchema.parse(
      JSON.parse('{"thinking":false,"streaming":true,"retrying":false,"compaction":null,"rlm":"r1","tools":[["t1","bash"]],"approval":{"approval_id":"a1","tool_call_id":"t1","tool":"bash","since_ms":5}}'),
    );
    expect(activityOf(stored)).toBe('awaiting_approval');
    const after = fold(stored, makeEvent('approval_decision', 1, { approval_id: 'a1', status: 'approved' }), complete(2, 't1'));
    expect(after).toEqual({ ...idle, streaming: true, rlm: 'r1' });
  });
});
