import { describe, expect, it } from 'vitest';
import { summarizeEvent } from './summarize-event';

const envelope = { session_id: 's1', seq: 1, ts: '2026-11-24T13:00:00.123Z' };

describe('summarizeEvent', () => {
  it('describes token usage with the formatters', () => {
    const summary = summarizeEvent({
      ...envelope,
      type: 'token_usage',
      source: 'rlm_subcall',
      model: 'anthropic/claude-haiku-4-5',
      prompt_tokens: 1200,
      completion_tokens: 340,
      duration_ms: 820,
    });
    expect(summary).toEqual({ kind: 'known', text: 'rlm_subcall · anthropic/claude-haiku-4-5: 1.2k in / 340 out · 820 ms' });
  });

  it('uses the protocol figures for estimates and compactions', () => {
    expect(summarizeEvent({ ...envelope, type: 'token_estimate', model: 'm', request_tokens: 1100, budget: 1000 }).text).toBe(
      '1.1k of 1.0k tokens (110%) — over budget',
    );
    const completed = summarizeEvent({
      ...envelope,
      type: 'compaction_completed',
      trace_id: 't',
      strategy: 'rlm',
      before_tokens: 2000,
      after_tokens: 500,
      kept_messages: 3,
    });
    expect(completed.text).toBe('rlm: 2.0k → 500 tokens (−75%), kept 3 messages');
  });

  it('keeps tool and text summaries on one line', () => {
    expect(summarizeEvent({ ...envelope, type: 'text_complete', text: 'line one\nline two' }).text).toBe('line one line two');
    expect(summarizeEvent({ ...envelope, type: 'tool_call_start', name: 'bash', arguments: '{"cmd": "ls"}' }).text).toBe('bash({"cmd": "ls"})');
  });

  it('labels unknown types and broken payloads instead of failing', () => {
    expect(summarizeEvent({ ...envelope, type: 'brand_new_thing' }).kind).toBe('unknown');
    const invalid = summarizeEvent({ ...envelope, type: 'token_usage', model: 'm' });
    expect(invalid.kind).toBe('invalid');
    expect(invalid.text).toContain('token_usage');
  });
});
