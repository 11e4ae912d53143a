import { describe, expect, it } from 'vitest';
import { defaultLiveConfig as config } from '../live-config';
import { entry, makeEvent } from '../test-events';
import { sameFacts, statusFactsOf } from '../utils/status-facts';
import { reduceApprovalRequest } from './approval-request';
import { applySessionEvents } from './apply-session-events';
import { reduceDone } from './done';
import { reduceError } from './error';
import { emptySessionLive } from './session-live';
import { reduceTextChunk } from './text-chunk';
import { reduceThinking } from './thinking';
import { reduceToolCallComplete } from './tool-call-complete';
import { reduceToolCallStart } from './tool-call-start';
import { reduceToolHeartbeat } from './tool-heartbeat';
import { reduceToolOutputChunk } from './tool-output-chunk';

const base = emptySessionLive('s1');
const approval = (seq: number) =>
  makeEvent('approval_request', seq, { approval_id: 'a1', tool_call_id: 'c1', tool: 'bash', action: 'execute', resource: 'rm -rf /', reason: 'destructive' });

describe('approval, end and activity-time reducers', () => {
  it('holds an approval until its call produces output or completes', () => {
    const waiting = reduceApprovalRequest(base, approval(1), config);
    expect(waiting.approval).toEqual({ approvalId: 'a1', toolCallId: 'c1', tool: 'bash', action: 'execute' });
    const otherOutput = makeEvent('tool_output_chunk', 2, { tool_call_id: 'c9', name: 'ls', stream: 'stdout', chunk: 'x' });
    expect(reduceToolOutputChunk(waiting, otherOutput, config).approval).not.toBeNull();
    const output = makeEvent('tool_output_chunk', 3, { tool_call_id: 'c1', name: 'bash', stream: 'stdout', chunk: 'x' });
    expect(reduceToolOutputChunk(waiting, output, config).approval).toBeNull();
    const complete = makeEvent('tool_call_complete', 4, { tool_call_id: 'c1', name: 'bash', output: '', success: false, duration_ms: 1 });
    expect(reduceToolCallComplete(waiting, complete, config).approval).toBeNull();
    expect(reduceTextChunk(waiting, makeEvent('text_chunk', 5, { delta: 'ok' }), config).approval).toBeNull();
    expect(reduceDone(waiting, makeEvent('done', 6), config).approval).toBeNull();
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
    expect(beat.tools.byId.c1).toMatchObject({ elapsedSecs: 20, heartbeatMs: 1_700_000_000_007 });
    const applied = applySessionEvents(base, [entry(makeEvent('thinking', 3)), entry(makeEvent('thinking', 2))], config);
    expect(applied.lastEventMs).toBe(1_700_000_000_003);
  });
});

describe('statusFactsOf', () => {
  it('flattens the first running tool, retry and approval', () => {
    let s = reduceToolCallStart(base, makeEvent('tool_call_start', 1, { tool_call_id: 'c1', name: 'bash', arguments: '{}' }), config);
    s = reduceApprovalRequest(s, approval(2), config);
    const facts = statusFactsOf({ ...s, retry: { attempt: 2, maxRestarts: 3, reason: 'reset' } });
    expect(facts).toMatchObject({ toolName: 'bash', toolStartedMs: 1_700_000_000_001, approvalTool: 'bash', retryAttempt: 2, retryMax: 3 });
  });

  it('keeps the previous object when nothing status reads changed', () => {
    const a = reduceTextChunk(base, makeEvent('text_chunk', 1, { delta: 'a' }), config);
    const b = reduceTextChunk(a, makeEvent('text_chunk', 2, { delta: 'b' }), config);
    const first = statusFactsOf(a);
    expect(sameFacts(first, statusFactsOf(b))).toBe(first);
    expect(sameFacts(first, statusFactsOf(reduceDone(b, makeEvent('done', 3), config)))).not.toBe(first);
  });
});
