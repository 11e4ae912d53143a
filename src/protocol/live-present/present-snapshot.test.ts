import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../event-schemas';
import { makeEvent } from '../test-support/make-event';
import { applyPresentEvent } from './present-fold';
import { forgetRestated, presentAsEvents } from './present-snapshot';
import { defaultPresentLimits as limits, emptyPresent, endedOf, type SessionPresent } from './present-state';
import { statusFactsOf } from './present-status';

const fold = (present: SessionPresent, events: readonly SessionEvent[]) => events.reduce((p, e) => applyPresentEvent(p, e, limits), present);
/** What a browser holding `browser` has after the server's snapshot of `server`. */
const afterSnapshot = (browser: SessionPresent, server: SessionPresent) =>
  presentAsEvents(server).reduce((p, e) => applyPresentEvent(p, e, limits, true), forgetRestated(browser));

const start = makeEvent('tool_call_start', 1, { tool_call_id: 'c1', name: 'bash', arguments: '{"cmd":"ls"}' });
const busy: SessionEvent[] = [
  start,
  makeEvent('session_sync', 2, { session: { id: 's1', title: 'fix the build' } }),
  makeEvent('tool_heartbeat', 3, { tool_call_id: 'c1', name: 'bash', elapsed_secs: 10 }),
  makeEvent('tool_output_chunk', 4, { tool_call_id: 'c1', name: 'bash', stream: 'stdout', chunk: 'a\n' }),
  makeEvent('tool_output_chunk', 5, { tool_call_id: 'c1', name: 'bash', stream: 'stdout', chunk: 'b\n' }),
  makeEvent('tool_output_chunk', 6, { tool_call_id: 'c1', name: 'bash', stream: 'stderr', chunk: 'warn\n' }),
  makeEvent('token_estimate', 7, { model: 'm', request_tokens: 1, budget: 10 }),
  makeEvent('token_estimate', 8, { model: 'm', request_tokens: 2, budget: 10 }),
  makeEvent('rlm_progress', 9, { trace_id: 'r1', iteration: 1, max_iterations: 5, status: 'running' }),
  makeEvent('compaction_started', 10, { trace_id: 'k1', reason: 'over', before_tokens: 9, budget: 5 }),
  makeEvent('play_break', 11, { active: true }),
  makeEvent('stream_retry', 12, { attempt: 1, max_restarts: 3, reason: 'reset' }),
  makeEvent('thinking', 13),
  makeEvent('text_chunk', 14, { delta: 'Hel' }),
  makeEvent('text_chunk', 15, { delta: 'lo' }),
  makeEvent('approval_request', 16, { approval_id: 'a1', tool_call_id: 'c2', tool: 'bash', action: 'run', resource: 'x', reason: 'y' }),
];

describe('presentAsEvents', () => {
  it('restates a busy present as the events that set it, in seq order, text deltas folded into one chunk', () => {
    const events = presentAsEvents(fold(emptyPresent(), busy));
    expect(events.map((e) => [e.type, e.seq])).toEqual([
      ['tool_call_start', 1],
      ['session_sync', 2],
      ['tool_heartbeat', 3],
      ['tool_output_chunk', 5],
      ['tool_output_chunk', 6],
      ['token_estimate', 8],
      ['rlm_progress', 9],
      ['compaction_started', 10],
      ['play_break', 11],
      ['text_chunk', 15],
      ['approval_request', 16],
    ]);
    expect(events.find((e) => e.type === 'text_chunk')).toMatchObject({ text: 'Hello' });
    expect(events.find((e) => e.type === 'text_chunk')).not.toHaveProperty('delta');
    expect(events.filter((e) => e.type === 'tool_output_chunk')).toMatchObject([{ chunk: 'a\nb\n' }, { chunk: 'warn\n' }]);
    // The retry and the thought ended when text flowed: nothing restates them.
    expect(events.map((e) => e.type)).not.toContain('stream_retry');
    expect(events.map((e) => e.type)).not.toContain('thinking');
  });

  it('folds back into the same present for a browser that joins with nothing', () => {
    const server = fold(emptyPresent(), busy);
    const joined = afterSnapshot(emptyPresent(), server);
    expect(statusFactsOf(joined)).toEqual(statusFactsOf(server));
    expect(presentAsEvents(joined)).toEqual(presentAsEvents(server));
    expect(joined.tools.byId.get('c1')?.output.map((p) => p.text)).toEqual(['a\nb\n', 'warn\n']);
  });

  it('does not restate a step the session ended in the middle of as still streaming', () => {
    const server = fold(emptyPresent(), [makeEvent('text_chunk', 1, { delta: 'half a sen' }), makeEvent('done', 2)]);
    // A browser that was away for the end: replayed the stored done, then the snapshot.
    const browser = fold(emptyPresent(), [makeEvent('text_chunk', 1, { delta: 'half a sen' }), makeEvent('done', 2)]);
    const after = afterSnapshot(browser, server);
    expect(endedOf(after)).toBe('done');
    expect(statusFactsOf(after)).toMatchObject({ streaming: false, ended: 'done' });
  });

  it('does not restate a thought that text_complete ended', () => {
    const server = fold(emptyPresent(), [makeEvent('thinking', 1), makeEvent('text_complete', 2, { text: 'answer' })]);
    expect(presentAsEvents(server)).toEqual([]);
    expect(statusFactsOf(afterSnapshot(emptyPresent(), server)).thinking).toBe(false);
  });

  it('lets a browser that missed the output settling an approval stop showing it', () => {
    const request = makeEvent('approval_request', 1, { approval_id: 'a1', tool_call_id: 'c1', tool: 'bash', action: 'run', resource: 'x', reason: 'y' });
    const output = makeEvent('tool_output_chunk', 2, { tool_call_id: 'c1', name: 'bash', stream: 'stdout', chunk: 'ran' });
    const server = fold(emptyPresent(), [request, output]);
    // Away while the (ephemeral) output passed: only the stored request reached it.
    const browser = fold(emptyPresent(), [request]);
    const after = afterSnapshot(browser, server);
    expect(after.approval).toBeNull();
    expect(statusFactsOf(after)).toEqual(statusFactsOf(server));
  });

  it('reopens a session a new turn started while the browser was away, even once that turn went quiet', () => {
    const done = makeEvent('done', 1);
    const server = fold(emptyPresent(), [done, makeEvent('text_chunk', 2, { delta: 'more' }), makeEvent('text_complete', 3, { text: 'more' })]);
    const browser = fold(emptyPresent(), [done, makeEvent('text_complete', 3, { text: 'more' })]);
    expect(endedOf(browser)).toBe('done');
    expect(endedOf(afterSnapshot(browser, server))).toBeNull();
  });

  it('keeps running calls and a finished step the browser was replayed, but not tool output, on an empty snapshot', () => {
    const browser = fold(emptyPresent(), [start, busy[3]!, makeEvent('text_complete', 20, { text: 'final' })]);
    const after = afterSnapshot(browser, emptyPresent());
    expect(after.tools.ids).toEqual(['c1']);
    expect(after.tools.byId.get('c1')?.output).toEqual([]);
    expect(after.step).toMatchObject({ text: 'final', complete: true });
  });
});
