import { describe, expect, it } from 'vitest';
import type { KnownSessionEvent } from '../event-schemas';
import { makeEvent } from '../test-support/make-event';
import { applyPresentEvent, reducePresent } from './present-fold';
import { defaultPresentLimits as limits, emptyPresent, endedOf, type SessionPresent } from './present-state';

// What each event does to a session's present: the rules the server's hub and
// the browser's live store share. (Moved here from the browser's per-type
// reducer tests, src/live/reducers/{activity,text,status-facts}.test.ts,
// when those reducers became this fold; the assertions are theirs.)

const base = emptyPresent();
const fold = (present: SessionPresent, ...events: KnownSessionEvent[]) => events.reduce((p, e) => reducePresent(p, e, limits), present);
const trace = '6f1c2c9e-3a55-4c1b-9d55-0d0c8f3f2a10';
const otherTrace = '7a2d3d0f-4b66-4d2c-8e66-1e1d9f4f3b21';
const approval = (seq: number) =>
  makeEvent('approval_request', seq, { approval_id: 'a1', tool_call_id: 'c1', tool: 'bash', action: 'execute', resource: 'rm -rf /', reason: 'destructive' });
const rlmComplete = (id: string, seq: number) =>
  makeEvent('rlm_complete', seq, {
    trace_id: id, outcome: 'converged', iterations: 3, subcalls: 1, input_tokens: 10, output_tokens: 5, elapsed_ms: 100, reason: null, root_model: 'm',
  });

describe('text and thinking', () => {
  it('appends deltas and replaces on a snapshot', () => {
    let s = fold(base, makeEvent('text_chunk', 1, { delta: 'Hel' }), makeEvent('text_chunk', 2, { delta: 'lo' }));
    expect(s.step).toMatchObject({ text: 'Hello', complete: false });
    s = fold(s, makeEvent('text_chunk', 3, { text: 'Hello, world' }));
    expect(s.step?.text).toBe('Hello, world');
  });

  it('finalises with text_complete, and the next delta starts a new step', () => {
    let s = fold(base, makeEvent('text_chunk', 1, { delta: 'draft' }), makeEvent('text_complete', 2, { text: 'final text' }));
    expect(s.step).toEqual({ text: 'final text', complete: true, chunk: null });
    s = fold(s, makeEvent('text_chunk', 3, { delta: 'Next' }));
    expect(s.step).toMatchObject({ text: 'Next', complete: false });
  });

  it('keeps only the end of an unfinished step once it is twice past its bound', () => {
    const bounded = { ...limits, stepTextChars: 4 };
    let s = reducePresent(base, makeEvent('text_chunk', 1, { text: 'abcdefgh' }), bounded);
    expect(s.step?.text).toBe('abcdefgh');
    s = reducePresent(s, makeEvent('text_chunk', 2, { delta: 'i' }), bounded);
    expect(s.step?.text).toBe('fghi');
  });

  it('ends thinking and a stream retry once text flows, and on text_complete', () => {
    let s = fold(base, makeEvent('thinking', 1), makeEvent('stream_retry', 2, { attempt: 1, max_restarts: 3, reason: 'reset' }));
    expect(s.thinking).not.toBeNull();
    expect(s.retry).not.toBeNull();
    s = fold(s, makeEvent('text_chunk', 3, { delta: 'x' }));
    expect(s.thinking).toBeNull();
    expect(s.retry).toBeNull();
    const again = fold(s, makeEvent('thinking', 4), makeEvent('text_complete', 5, { text: 'x' }));
    expect(again.thinking).toBeNull();
  });

  it('ends thinking on thinking_complete and returns the same state when nothing changes', () => {
    const thinking = fold(base, makeEvent('thinking', 1));
    expect(fold(thinking, makeEvent('thinking', 2))).toBe(thinking);
    expect(fold(thinking, makeEvent('thinking_complete', 3, { thought: 'ok' })).thinking).toBeNull();
    expect(fold(base, makeEvent('thinking_complete', 4, { thought: 'ok' }))).toBe(base);
  });
});

describe('activity', () => {
  it('keeps the latest token estimate', () => {
    const s = fold(base, makeEvent('token_estimate', 1, { model: 'm', request_tokens: 900, budget: 1000 }));
    expect(s.estimate).toMatchObject({ model: 'm', request_tokens: 900, budget: 1000 });
  });

  it('tracks RLM progress until its own trace completes', () => {
    let s = fold(base, makeEvent('rlm_progress', 1, { trace_id: trace, iteration: 2, max_iterations: 5, status: 'running' }));
    expect(s.rlm).toMatchObject({ traceId: trace, iteration: 2, maxIterations: 5, status: 'running' });
    expect(fold(s, rlmComplete(otherTrace, 2))).toBe(s);
    s = fold(s, rlmComplete(trace, 3));
    expect(s.rlm).toBeNull();
  });

  it('tracks a compaction until it completes or fails', () => {
    const started = fold(base, makeEvent('compaction_started', 1, { trace_id: trace, reason: 'over budget', before_tokens: 1200, budget: 1000 }));
    expect(started.compaction).toMatchObject({ traceId: trace, reason: 'over budget', beforeTokens: 1200, budget: 1000 });
    const completed = makeEvent('compaction_completed', 2, { trace_id: trace, strategy: 'rlm', before_tokens: 1200, after_tokens: 600, kept_messages: 4 });
    expect(fold(started, completed).compaction).toBeNull();
    const failed = makeEvent('compaction_failed', 3, { trace_id: trace, fell_back_to: null, reason: 'x', after_tokens: 1100, budget: 1000 });
    expect(fold(started, failed).compaction).toBeNull();
  });

  it('shows a stream retry and a play break', () => {
    const s = fold(base, makeEvent('stream_retry', 1, { attempt: 2, max_restarts: 3, reason: 'reset' }));
    expect(s.retry).toMatchObject({ attempt: 2, maxRestarts: 3, reason: 'reset' });
    const paused = fold(base, makeEvent('play_break', 2, { active: true }));
    expect(paused.paused).not.toBeNull();
    expect(fold(paused, makeEvent('play_break', 3, { active: true }))).toBe(paused);
    expect(fold(paused, makeEvent('play_break', 4, { active: false })).paused).toBeNull();
  });

  it('ends all activity on done and on error, keeping the last text as complete', () => {
    const busy = fold(base, makeEvent('tool_call_start', 1, { name: 'bash', arguments: '{}' }), makeEvent('thinking', 2), makeEvent('text_chunk', 3, { delta: 'partial' }));
    for (const end of [makeEvent('done', 4), makeEvent('error', 4, { error: 'boom' })]) {
      const ended = fold(busy, end);
      expect(ended.thinking).toBeNull();
      expect(ended.tools.ids).toEqual([]);
      expect(ended.step).toEqual({ text: 'partial', complete: true, chunk: null });
      expect(endedOf(ended)).toBe(end.type);
    }
  });
});

describe('approval, end and activity time', () => {
  it('holds an approval until its decision, its call producing output or completing, new text or the end', () => {
    const waiting = fold(base, approval(1));
    expect(waiting.approval).toMatchObject({ approvalId: 'a1', requestedMs: 1_700_000_000_001, toolCallId: 'c1', tool: 'bash', action: 'execute' });
    const after = (event: KnownSessionEvent) => fold(waiting, event).approval;
    expect(after(makeEvent('tool_output_chunk', 2, { tool_call_id: 'c9', name: 'ls', stream: 'stdout', chunk: 'x' }))).not.toBeNull();
    expect(after(makeEvent('approval_decision', 2, { approval_id: 'a9', status: 'approved' }))).not.toBeNull();
    expect(after(makeEvent('session_sync', 2, { session: { id: 'x' } }))).not.toBeNull();
    expect(after(makeEvent('tool_output_chunk', 3, { tool_call_id: 'c1', name: 'bash', stream: 'stdout', chunk: 'x' }))).toBeNull();
    expect(after(makeEvent('tool_call_complete', 4, { tool_call_id: 'c1', name: 'bash', output: '', success: false, duration_ms: 1 }))).toBeNull();
    expect(after(makeEvent('text_chunk', 5, { delta: 'ok' }))).toBeNull();
    expect(after(makeEvent('done', 6))).toBeNull();
    expect(after(makeEvent('approval_decision', 7, { approval_id: 'a1', status: 'denied' }))).toBeNull();
  });

  it('marks the end and clears it when a new turn starts, not on a straggler', () => {
    const done = fold(base, makeEvent('done', 1));
    expect(endedOf(done)).toBe('done');
    expect(endedOf(fold(base, makeEvent('error', 2, { error: 'boom' })))).toBe('error');
    expect(endedOf(fold(done, makeEvent('thinking', 3)))).toBeNull();
    expect(endedOf(fold(done, makeEvent('text_chunk', 4, { delta: 'a' })))).toBeNull();
    expect(endedOf(fold(done, makeEvent('tool_call_start', 5, { tool_call_id: 'c1', name: 'bash', arguments: '{}' })))).toBeNull();
    expect(endedOf(fold(done, makeEvent('tool_heartbeat', 6, { tool_call_id: 'c1', name: 'bash', elapsed_secs: 1 })))).toBe('done');
    expect(endedOf(fold(done, makeEvent('text_complete', 7, { text: 'x' })))).toBe('done');
  });

  it('moves only on an event newer than every earlier one, and records the newest event time', () => {
    let s = applyPresentEvent(base, makeEvent('text_chunk', 5, { delta: 'new' }), limits);
    const late = applyPresentEvent(s, makeEvent('text_complete', 3, { text: 'old step' }), limits);
    expect(late).toBe(s);
    s = applyPresentEvent(applyPresentEvent(base, makeEvent('thinking', 3), limits), makeEvent('thinking', 2), limits);
    expect(s.lastSeq).toBe(3);
    expect(s.lastEventMs).toBe(1_700_000_000_003);
    // Restating (a snapshot) applies an older event on purpose, without moving lastSeq back.
    const restated = applyPresentEvent(s, makeEvent('token_estimate', 1, { model: 'm', request_tokens: 1, budget: 2 }), limits, true);
    expect(restated.estimate?.seq).toBe(1);
    expect(restated.lastSeq).toBe(3);
  });
});
