import { describe, expect, it } from 'vitest';
import { defaultLiveConfig as config } from '../live-config';
import { entry, makeEvent } from '../test-support/test-events';
import { sameFacts, statusFactsOf } from '../utils/status-facts';
import { reduceApprovalRequest } from './approval-request';
import { applySessionEvents } from './apply-session-events';
import { reduceDone } from './done';
import { reduceKnownEvent } from './event-reducers';
import { reduceError } from './error';
import { emptySessionLive } from './session-live';
import { reduceTextChunk } from './text-chunk';
import { reduceThinking } from './thinking';
import { reduceToolCallStart } from './tool-call-start';
import { reduceToolHeartbeat } from './tool-heartbeat';

const base = emptySessionLive('s1');
const approval = (seq: number) =>
  makeEvent('approval_request', seq, { approval_id: 'a1', tool_call_id: 'c1', tool: 'bash', action: 'execute', resource: 'rm -rf /', reason: 'destructive' });

describe('approval, end and activity-time reducers', () => {
  it('holds an approval until its decision, its call producing output or completing, new text or the end', () => {
    const waiting = reduceApprovalRequest(base, approval(1), config);
    expect(waiting.approval).toEqual({ approvalId: 'a1', requestedMs: 1_700_000_000_001, toolCallId: 'c1', tool: 'bash', action: 'execute' });
    const after = (event: Parameters<typeof reduceKnownEvent>[1]) => reduceKnownEvent(waiting, event, config).approval;
    expect(after(makeEvent('tool_output_chunk', 2, { tool_call_id: 'c9', name: 'ls', stream: 'stdout', chunk: 'x' }))).not.toBeNull();
    expect(after(makeEvent('approval_decision', 2, { approval_id: 'a9', status: 'approved' }))).not.toBeNull();
    expect(after(makeEvent('tool_output_chunk', 3, { tool_call_id: 'c1', name: 'bash', stream: 'stdout', chunk: 'x' }))).toBeNull();
    expect(after(makeEvent('tool_call_complete', 4, { tool_call_id: 'c1', name: 'bash', output: '', success: false, duration_ms: 1 }))).toBeNull();
    expect(after(makeEvent('text_chunk', 5, { delta: 'ok' }))).toBeNull();
    expect(after(makeEvent('done', 6))).toBeNull();
    expect(after(makeEvent('approval_decision', 7, { approval_id: 'a1', status: 'denied' }))).toBeNull();
  });

  it('marks the end and clears it when a new turn starts', () => {
    const done = reduceDone(base, makeEvent('done', 1), config);
    expect(done.ended).toBe('done');
    expect(reduceError(base, makeEvent('error', 2, { error: 'boom' }), config).ended).toBe('error');
    expect(reduceThinking(done, makeEvent('thinking', 3), config).ended).toBeNull();
    expect(reduceTextChunk(done, makeEvent('text_chunk', 4, { delta: 'a' }), config).ended).toBeNull();
    const start = makeEvent('tool_call_start', 5, { tool_call_id: 'c1', name: 'bash', arguments: '{}' });
    expect(reduceToolCallStart(done, start, config).ended).toBeNull();
  });

  it('records the heartbeat time and the newest event time', () => {
    const beat = reduceToolHeartbeat(base, makeEvent('tool_heartbeat', 7, { tool_call_id: 'c1', name: 'bash', elapsed_secs: 20 }), config);
    expect(beat.tools.byId.get('c1')).toMatchObject({ elapsedSecs: 20, heartbeatMs: 1_700_000_000_007 });
    const applied = applySessionEvents(base, [entry(makeEvent('thinking', 3)), entry(makeEvent('thinking', 2))], config);
    expect(applied.lastEventMs).toBe(1_700_000_000_003);
  });
});

describe('statusFactsOf', () => {
  it('flattens the first running tool, retry and approval', () => {
    let s = reduceToolCallStart(base, makeEvent('tool_call_start', 1, { tool_call_id: 'c1', name: 'bash', arguments: '{}' }), config);
    s = reduceApprovalRequest(s, approval(2), config);
    const facts = statusFactsOf({ ...s, retry: { attempt: 2, maxRestarts: 3, reason: 'reset' } });
    expect(facts).toMatchObject({ toolName: 'bash', toolStartedMs: 1_700_000_000_001, approvalTool: 'bash', approvalSinceMs: 1_700_000_000_002, retryAttempt: 2, retryMax: 3 });
  });

  it('carries a running RLM loop until its rlm_complete', () => {
    const progress = makeEvent('rlm_progress', 1, { trace_id: 't1', iteration: 3, max_iterations: 10, status: 'running' });
    const running = reduceKnownEvent(base, progress, config);
    expect(statusFactsOf(running)).toMatchObject({ rlmIteration: 3, rlmMaxIterations: 10 });
    const complete = makeEvent('rlm_complete', 2, {
      trace_id: 't1', outcome: 'converged', iterations: 3, subcalls: 1, input_tokens: 10, output_tokens: 5,
      elapsed_ms: 100, reason: null, root_model: 'm',
    });
    expect(statusFactsOf(reduceKnownEvent(running, complete, config))).toMatchObject({ rlmIteration: null, rlmMaxIterations: null });
  });

  it('keeps the previous object when nothing status reads changed', () => {
    const a = reduceTextChunk(base, makeEvent('text_chunk', 1, { delta: 'a' }), config);
    const b = reduceTextChunk(a, makeEvent('text_chunk', 2, { delta: 'b' }), config);
    const first = statusFactsOf(a);
    expect(sameFacts(first, statusFactsOf(b))).toBe(first);
    expect(sameFacts(first, statusFactsOf(reduceDone(b, makeEvent('done', 3), config)))).not.toBe(first);
  });
});
