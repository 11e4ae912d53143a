import { describe, expect, it } from 'vitest';
import type { KnownSessionEvent } from '../event-schemas';
import { makeEvent } from '../test-support/make-event';
import { reducePresent } from './present-fold';
import { defaultPresentLimits as limits, emptyPresent, type SessionPresent } from './present-state';
import { sameFacts, statusFactsOf } from './present-status';

// Moved from src/live/reducers/status-facts.test.ts with statusFactsOf.

const fold = (present: SessionPresent, ...events: KnownSessionEvent[]) => events.reduce((p, e) => reducePresent(p, e, limits), present);
const base = emptyPresent();

describe('statusFactsOf', () => {
  it('flattens the first running tool, retry and approval', () => {
    const s = fold(
      base,
      makeEvent('tool_call_start', 1, { tool_call_id: 'c1', name: 'bash', arguments: '{}' }),
      makeEvent('approval_request', 2, { approval_id: 'a1', tool_call_id: 'c1', tool: 'bash', action: 'execute', resource: 'x', reason: 'y' }),
      makeEvent('stream_retry', 3, { attempt: 2, max_restarts: 3, reason: 'reset' }),
    );
    expect(statusFactsOf(s)).toMatchObject({
      toolName: 'bash', toolStartedMs: 1_700_000_000_001, approvalTool: 'bash', approvalSinceMs: 1_700_000_000_002, retryAttempt: 2, retryMax: 3,
    });
  });

  it('carries a running RLM loop until its rlm_complete', () => {
    const running = fold(base, makeEvent('rlm_progress', 1, { trace_id: 't1', iteration: 3, max_iterations: 10, status: 'running' }));
    expect(statusFactsOf(running)).toMatchObject({ rlmIteration: 3, rlmMaxIterations: 10 });
    const complete = makeEvent('rlm_complete', 2, {
      trace_id: 't1', outcome: 'converged', iterations: 3, subcalls: 1, input_tokens: 10, output_tokens: 5, elapsed_ms: 100, reason: null, root_model: 'm',
    });
    expect(statusFactsOf(fold(running, complete))).toMatchObject({ rlmIteration: null, rlmMaxIterations: null });
  });

  it('keeps the previous object when nothing status reads changed', () => {
    const a = fold(base, makeEvent('text_chunk', 1, { delta: 'a' }));
    const b = fold(a, makeEvent('text_chunk', 2, { delta: 'b' }));
    const first = statusFactsOf(a);
    expect(sameFacts(first, statusFactsOf(b))).toBe(first);
    expect(sameFacts(first, statusFactsOf(fold(b, makeEvent('done', 3))))).not.toBe(first);
  });
});
