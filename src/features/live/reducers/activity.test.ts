import { describe, expect, it } from 'vitest';
import { defaultLiveConfig as config } from '../live-config';
import { makeEvent } from '../test-support/test-events';
import { reduceCompactionCompleted } from './compaction-completed';
import { reduceCompactionFailed } from './compaction-failed';
import { reduceCompactionStarted } from './compaction-started';
import { reduceDone } from './done';
import { reduceError } from './error';
import { reducePlayBreak } from './play-break';
import { reduceRlmComplete } from './rlm-complete';
import { reduceRlmProgress } from './rlm-progress';
import { emptySessionLive } from './session-live';
import { reduceStreamRetry } from './stream-retry';
import { reduceTokenEstimate } from './token-estimate';
import { reduceToolCallStart } from './tool-call-start';

const base = emptySessionLive('s1');
const trace = '6f1c2c9e-3a55-4c1b-9d55-0d0c8f3f2a10';
const otherTrace = '7a2d3d0f-4b66-4d2c-8e66-1e1d9f4f3b21';

describe('activity reducers', () => {
  it('keeps the latest token estimate', () => {
    const s = reduceTokenEstimate(base, makeEvent('token_estimate', 1, { model: 'm', request_tokens: 900, budget: 1000 }), config);
    expect(s.estimate).toEqual({ model: 'm', request_tokens: 900, budget: 1000 });
  });

  it('tracks RLM progress until its own trace completes', () => {
    let s = reduceRlmProgress(base, makeEvent('rlm_progress', 1, { trace_id: trace, iteration: 2, max_iterations: 5, status: 'running' }), config);
    expect(s.rlm).toEqual({ traceId: trace, iteration: 2, maxIterations: 5, status: 'running' });
    const completion = (id: string, seq: number) =>
      makeEvent('rlm_complete', seq, {
        trace_id: id,
        outcome: 'converged',
        iterations: 3,
        subcalls: 1,
        input_tokens: 10,
        output_tokens: 5,
        elapsed_ms: 100,
        reason: null,
        root_model: 'm',
      });
    expect(reduceRlmComplete(s, completion(otherTrace, 2), config)).toBe(s);
    s = reduceRlmComplete(s, completion(trace, 3), config);
    expect(s.rlm).toBeNull();
  });

  it('tracks a compaction until it completes or fails', () => {
    const started = reduceCompactionStarted(
      base,
      makeEvent('compaction_started', 1, { trace_id: trace, reason: 'over budget', before_tokens: 1200, budget: 1000 }),
      config,
    );
    expect(started.compaction).toEqual({ traceId: trace, reason: 'over budget', beforeTokens: 1200, budget: 1000 });
    const completed = makeEvent('compaction_completed', 2, {
      trace_id: trace,
      strategy: 'rlm',
      before_tokens: 1200,
      after_tokens: 600,
      kept_messages: 4,
    });
    expect(reduceCompactionCompleted(started, completed, config).compaction).toBeNull();
    const failed = makeEvent('compaction_failed', 3, { trace_id: trace, fell_back_to: null, reason: 'x', after_tokens: 1100, budget: 1000 });
    expect(reduceCompactionFailed(started, failed, config).compaction).toBeNull();
  });

  it('shows a stream retry and a play break', () => {
    const s = reduceStreamRetry(base, makeEvent('stream_retry', 1, { attempt: 2, max_restarts: 3, reason: 'reset' }), config);
    expect(s.retry).toEqual({ attempt: 2, maxRestarts: 3, reason: 'reset' });
    const paused = reducePlayBreak(base, makeEvent('play_break', 2, { active: true }), config);
    expect(paused.paused).toBe(true);
    expect(reducePlayBreak(paused, makeEvent('play_break', 3, { active: true }), config)).toBe(paused);
  });

  it('ends all activity on done and on error, keeping the last text as complete', () => {
    const busy = {
      ...reduceToolCallStart(base, makeEvent('tool_call_start', 1, { name: 'bash', arguments: '{}' }), config),
      thinking: true,
      step: { text: 'partial', complete: false },
    };
    for (const ended of [reduceDone(busy, makeEvent('done', 2), config), reduceError(busy, makeEvent('error', 2, { error: 'boom' }), config)]) {
      expect(ended.thinking).toBe(false);
      expect(ended.tools.ids).toEqual([]);
      expect(ended.step).toEqual({ text: 'partial', complete: true });
    }
  });
});
