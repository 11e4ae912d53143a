import type { EventOf, KnownEventType } from './event-schemas';

// One valid event of every variant, with the envelope of session "sample" and
// seq in protocol-table order. Tests and fuzzers start from these.

const at = (seq: number) => ({ session_id: 'sample', seq, ts: `2026-11-24T13:00:${String(seq).padStart(2, '0')}.000Z` });

export const sampleEvents: { [T in KnownEventType]: EventOf<T> } = {
  thinking: { ...at(1), type: 'thinking' },
  tool_call_start: { ...at(2), type: 'tool_call_start', tool_call_id: 'call-1', name: 'bash', arguments: '{"command":"ls -la"}' },
  tool_call_complete: { ...at(3), type: 'tool_call_complete', tool_call_id: 'call-1', name: 'bash', output: 'total 0', success: true, duration_ms: 420 },
  text_chunk: { ...at(4), type: 'text_chunk', delta: 'Hello' },
  text_complete: { ...at(5), type: 'text_complete', text: 'Hello, world.' },
  thinking_complete: { ...at(6), type: 'thinking_complete', thought: 'The tests fail because of a race.' },
  usage_report: { ...at(7), type: 'usage_report', prompt_tokens: 1200, completion_tokens: 340, duration_ms: 820, model: 'anthropic/claude-sonnet-4-5' },
  session_sync: { ...at(8), type: 'session_sync', session: { id: 'sample', title: 'Fix the flaky test', agent: 'build', metadata: { model: 'anthropic/claude-sonnet-4-5' } } },
  done: { ...at(9), type: 'done' },
  error: { ...at(10), type: 'error', error: 'provider returned 529 overloaded' },
  token_estimate: { ...at(11), type: 'token_estimate', model: 'anthropic/claude-sonnet-4-5', request_tokens: 94_000, budget: 128_000 },
  token_usage: { ...at(12), type: 'token_usage', source: 'root', model: 'anthropic/claude-sonnet-4-5', prompt_tokens: 1200, completion_tokens: 340, duration_ms: 820, cache_read_tokens: 800, cache_write_tokens: 100 },
  rlm_progress: { ...at(13), type: 'rlm_progress', trace_id: '7d3e0f6a-0000-4000-8000-000000000001', iteration: 2, max_iterations: 8, status: 'running' },
  rlm_complete: { ...at(14), type: 'rlm_complete', trace_id: '7d3e0f6a-0000-4000-8000-000000000001', outcome: 'converged', iterations: 3, subcalls: 5, input_tokens: 40_000, output_tokens: 2_000, elapsed_ms: 12_000, reason: null, root_model: 'anthropic/claude-sonnet-4-5', subcall_model_used: 'anthropic/claude-haiku-4-5' },
  compaction_started: { ...at(15), type: 'compaction_started', trace_id: 'cmp-1', reason: 'over budget', before_tokens: 140_000, budget: 128_000 },
  compaction_completed: { ...at(16), type: 'compaction_completed', trace_id: 'cmp-1', strategy: 'rlm', before_tokens: 140_000, after_tokens: 22_400, kept_messages: 12 },
  compaction_failed: { ...at(17), type: 'compaction_failed', trace_id: 'cmp-2', fell_back_to: null, reason: 'still over budget', after_tokens: 130_000, budget: 128_000 },
  context_truncated: { ...at(18), type: 'context_truncated', trace_id: 'cmp-2', dropped_tokens: 60_000, kept_messages: 4, archive_ref: 'archive/sample/1.jsonl' },
  rlm_subcall_fallback: { ...at(19), type: 'rlm_subcall_fallback', requested_model: 'openai/gpt-5-mini', fallback_model: 'anthropic/claude-haiku-4-5', reason: 'model unavailable' },
  tool_heartbeat: { ...at(20), type: 'tool_heartbeat', tool_call_id: 'call-1', name: 'bash', elapsed_secs: 10 },
  tool_output_chunk: { ...at(21), type: 'tool_output_chunk', tool_call_id: 'call-1', name: 'bash', stream: 'stdout', chunk: 'line 1\n' },
  tool_call_metadata: { ...at(22), type: 'tool_call_metadata', tool_call_id: 'call-1', name: 'bash', metadata: { exit_code: 0 } },
  approval_request: { ...at(23), type: 'approval_request', approval_id: 'ap-1', tool_call_id: 'call-2', tool: 'bash', action: 'execute', resource: 'rm -rf build/', reason: 'destructive command', available_decisions: ['approve', 'deny'] },
  approval_decision: { ...at(23), type: 'approval_decision', approval_id: 'ap-1', status: 'approved', decided_by: 'operator', reason: 'looks safe', decision: 'approved' },
  stream_retry: { ...at(24), type: 'stream_retry', attempt: 2, max_restarts: 3, reason: 'connection reset' },
  play_break: { ...at(25), type: 'play_break', active: true },
};
