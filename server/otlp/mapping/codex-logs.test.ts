import { describe, expect, it } from 'vitest';
import { createOtlpMapper } from './create-otlp-mapper';
import { fixtureLogRecords } from '../../test-support/otlp-mapping-fixtures';
import { ofType, validEvents } from './mapped-events.test-helpers';

describe('Codex log events', () => {
  const records = fixtureLogRecords('codex-logs.json');
  const result = createOtlpMapper().mapLogs(records);
  const events = validEvents(result);

  it('maps the conversation under conversation.id, every event marked codex', () => {
    expect(result.unusable).toEqual([]);
    expect(new Set(events.map((e) => e.session_id))).toEqual(new Set(['0199a5f2-6c1e-7b3a-9e55-2d41c8f0a7b6']));
    expect(events.every((e) => e.producer === 'codex')).toBe(true);
  });

  it('takes the context budget from conversation_starts and the fill from each completed response', () => {
    expect(ofType(events, 'token_estimate').map((e) => [e.request_tokens, e.budget])).toEqual([
      [0, 244800],
      [24000, 244800],
    ]);
  });

  it('counts response.completed usage: input_token_count INCLUDES the cached tokens; string counts are numbers', () => {
    expect(ofType(events, 'token_usage')).toEqual([
      expect.objectContaining({ source: 'root', model: 'gpt-5-codex', prompt_tokens: 24000, cache_read_tokens: 20000, completion_tokens: 1200, reasoning_tokens: 800 }),
    ]);
  });

  it('shows a failed API request as a retry, not the end of the session; a redacted prompt as thinking only', () => {
    expect(ofType(events, 'stream_retry')).toEqual([expect.objectContaining({ attempt: 1, reason: 'API request failed (500): server error' })]);
    expect(ofType(events, 'error')).toEqual([]);
    expect(ofType(events, 'thinking')).toHaveLength(1);
    expect(ofType(events, 'text_complete')).toEqual([]);
  });

  it('gives one card per tool call with its arguments and output; a denied call is a failed card and a user decision', () => {
    expect(ofType(events, 'tool_call_start').map((e) => [e.tool_call_id, e.arguments])).toEqual([
      ['call_Qx1', '{"command":["bash","-lc","cargo test"]}'],
      ['call_Qx2', '{}'],
    ]);
    expect(ofType(events, 'tool_call_complete').map((e) => [e.tool_call_id, e.success, e.output, e.duration_ms])).toEqual([
      ['call_Qx1', true, 'test result: ok. 12 passed', 143],
      ['call_Qx2', false, 'denied (user)', 0],
    ]);
    expect(ofType(events, 'approval_decision').map((e) => [e.approval_id, e.status])).toEqual([
      ['call_Qx1', 'approved'],
      ['call_Qx2', 'denied'],
    ]);
  });

  it('understands the per-delta sse events without showing or refusing them', () => {
    expect(events.filter((e) => String(e.type).startsWith('codex.sse'))).toEqual([]);
  });
});
