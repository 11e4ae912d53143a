import { describe, expect, it } from 'vitest';
import type { OtlpLogRecord, OtlpValue } from '../otlp-records';
import { createOtlpMapper } from './create-otlp-mapper';
import { genAiUsage } from './genai-usage';
import { ofType, validEvents } from './mapped-events.test-helpers';
import { claudeCodeSource, geminiCliSource } from './token-source';

function record(attributes: Record<string, OtlpValue>, extra: Partial<OtlpLogRecord> = {}): OtlpLogRecord {
  return {
    resource: new Map(), scopeName: '', scopeVersion: '', index: 0, timeUnixNano: '1796310000000000000', observedTimeUnixNano: '0', severityNumber: 9,
    severityText: 'INFO', body: null, eventName: '', traceId: '', spanId: '', attributes: new Map(Object.entries(attributes)), ...extra,
  };
}

describe('token source rules', () => {
  it('Claude Code: main-thread and overhead calls are root; a named subagent, `subagent` or `agent...` is tool_embedded', () => {
    expect(['repl_main_thread', 'main', 'sdk', 'compact', 'auxiliary', undefined].map((q) => claudeCodeSource(q, undefined))).toEqual(Array(6).fill('root'));
    expect(claudeCodeSource('subagent', undefined)).toBe('tool_embedded');
    expect(claudeCodeSource('agent:custom', undefined)).toBe('tool_embedded');
    expect(claudeCodeSource('Explore', 'Explore')).toBe('tool_embedded');
  });

  it('Gemini CLI: only the subagent role runs inside a tool', () => {
    expect(['main', 'utility_compressor', undefined].map(geminiCliSource)).toEqual(['root', 'root', 'root']);
    expect(geminiCliSource('subagent')).toBe('tool_embedded');
  });
});

describe('GenAI token counts', () => {
  it('takes input as including the cache, accepts cache_creation and cache_write, and the deprecated names', () => {
    expect(genAiUsage(new Map<string, OtlpValue>([['gen_ai.usage.input_tokens', 1000], ['gen_ai.usage.cache_read.input_tokens', 600], ['gen_ai.usage.cache_write.input_tokens', 100], ['gen_ai.usage.output_tokens', '20']]))).toEqual({
      promptTokens: 1000, completionTokens: 20, cacheReadTokens: 600, cacheWriteTokens: 100,
    });
    expect(genAiUsage(new Map<string, OtlpValue>([['gen_ai.usage.prompt_tokens', 7], ['gen_ai.usage.completion_tokens', 3]]))).toMatchObject({ promptTokens: 7, completionTokens: 3 });
    expect(genAiUsage(new Map<string, OtlpValue>([['gen_ai.request.model', 'x']]))).toBeUndefined();
  });

  it('adds the cache parts when they exceed the input (a producer that reported input without them)', () => {
    expect(genAiUsage(new Map<string, OtlpValue>([['gen_ai.usage.input_tokens', 12], ['gen_ai.usage.cache_read_input_tokens', 15000], ['gen_ai.usage.output_tokens', 1]]))).toMatchObject({ promptTokens: 15012 });
  });
});

describe('records at the edges', () => {
  it('refuses a record whose token count is over the protocol\'s per-call ceiling, naming the field', () => {
    const result = createOtlpMapper().mapLogs([record({ 'session.id': 's1', 'event.name': 'claude_code.api_request', input_tokens: 2e8, model: 'm' })]);
    expect(result.events).toEqual([]);
    expect(result.unusable).toEqual([{ index: 0, reason: expect.stringMatching(/claude_code\.api_request.*prompt_tokens.*more than one call can count/) }]);
  });

  it('reads the session from the resource when the record has none, and sanitises it', () => {
    const events = validEvents(createOtlpMapper().mapLogs([record({ 'event.name': 'gemini_cli.conversation_finished' }, { resource: new Map([['session.id', 'team/a:1']]) })]));
    expect(events[0]!.session_id).toMatch(/^team-a-1-[0-9a-f]{8}$/);
  });

  it('passes an unknown event of a known producer through under a dotted type, never as one of our variants', () => {
    const events = validEvents(createOtlpMapper().mapLogs([record({ 'session.id': 's1' }, { body: 'claude_code.done', resource: new Map([['service.name', 'claude-code']]) })]));
    expect(ofType(events, 'claude_code.done')).toHaveLength(1);
    expect(ofType(events, 'done')).toEqual([]);
  });

  it('refuses a log record that is no agent event, with the reason', () => {
    const result = createOtlpMapper().mapLogs([record({ 'session.id': 's1', 'http.route': '/x' }, { body: 'GET /x 200' })]);
    expect(result.unusable).toEqual([{ index: 0, reason: expect.stringContaining('not an agent event') }]);
  });

  it('maps a generic GenAI inference event: usage and output text', () => {
    const events = validEvents(
      createOtlpMapper().mapLogs([
        record({
          'gen_ai.conversation.id': 'c-1', 'gen_ai.request.model': 'gpt-4.1', 'gen_ai.usage.input_tokens': 50, 'gen_ai.usage.output_tokens': 5,
          'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":"ok"}]}]',
        }, { eventName: 'gen_ai.client.inference.operation.details' }),
      ]),
    );
    expect(events.map((e) => e.type)).toEqual(['text_complete', 'token_usage', 'session_sync']);
    expect(events.every((e) => e.producer === 'otlp')).toBe(true);
  });
});
