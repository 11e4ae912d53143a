import { describe, expect, it } from 'vitest';
import { createOtlpMapper } from './create-otlp-mapper';
import { fixtureSpans } from '../../test-support/otlp-mapping-fixtures';
import { ofType, validEvents } from './mapped-events.test-helpers';

const bySession = (events: Record<string, unknown>[], session: string) => events.filter((e) => e.session_id === session);

describe('GenAI spans (OpenTelemetry GenAI, OpenInference, Vercel AI SDK, Logfire)', () => {
  const spans = fixtureSpans('genai-spans.json');
  const result = createOtlpMapper().mapSpans(spans);
  const events = validEvents(result);

  it('refuses only the span that is not GenAI, naming it; every event is marked otlp', () => {
    expect(result.unusable).toEqual([{ index: spans.findIndex((s) => s.name === 'GET /healthz'), reason: expect.stringContaining('`GET /healthz`: not a GenAI span') }]);
    expect(events.every((e) => e.producer === 'otlp')).toBe(true);
  });

  it('groups an agent run by gen_ai.conversation.id although only the root span (exported last) names it', () => {
    const run = bySession(events, 'conv_5f8a');
    expect(ofType(run, 'token_usage')).toHaveLength(3);
    expect(ofType(run, 'done')).toHaveLength(1);
    expect(ofType(run, 'session_sync')[0]).toMatchObject({ session: { id: 'conv_5f8a', agent: 'weather-agent' } });
  });

  it('counts the agent\'s own chat calls as root and the call inside execute_tool as tool_embedded, labelled by the agent', () => {
    const usage = ofType(bySession(events, 'conv_5f8a'), 'token_usage');
    expect(usage.map((e) => [e.source, e.label, e.model, e.prompt_tokens, e.cache_read_tokens, e.cache_write_tokens, e.completion_tokens])).toEqual([
      ['root', 'weather-bot', 'gpt-4.1-2025-04-14', 1000, 600, 0, 200],
      ['tool_embedded', 'weather-bot', 'gpt-4.1-mini', 300, 0, 100, 50],
      ['root', 'weather-bot', 'gpt-4.1-2025-04-14', 1300, 1000, 0, 40],
    ]);
  });

  it('makes one tool card per execute_tool span and text from the output messages (text parts only)', () => {
    const run = bySession(events, 'conv_5f8a');
    expect(ofType(run, 'tool_call_start')).toEqual([expect.objectContaining({ tool_call_id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' })]);
    expect(ofType(run, 'tool_call_complete')).toEqual([expect.objectContaining({ tool_call_id: 'call_w1', success: true, output: '{"temp_c":18}', duration_ms: 650 })]);
    expect(ofType(run, 'text_complete').map((e) => e.text)).toEqual(['It is 18 °C in Paris.']);
  });

  it('reads OpenInference names: token counts (cache parts inside the prompt count), output messages, a failed TOOL span', () => {
    const graph = bySession(events, 'lg-thread-42');
    expect(ofType(graph, 'token_usage')).toEqual([
      expect.objectContaining({ source: 'root', label: 'planner', model: 'claude-sonnet-4-5', prompt_tokens: 5000, cache_read_tokens: 4000, cache_write_tokens: 500, completion_tokens: 300 }),
    ]);
    expect(ofType(graph, 'text_complete').map((e) => e.text)).toEqual(['Here is the plan.']);
    expect(ofType(graph, 'tool_call_complete')).toEqual([expect.objectContaining({ name: 'search_docs', success: false, output: 'search timed out' })]);
  });

  it('counts a Vercel AI SDK call once (doGenerate, not the summing ai.generateText) and maps ai.toolCall', () => {
    const chat = bySession(events, 'chat-77');
    expect(ofType(chat, 'token_usage')).toEqual([expect.objectContaining({ model: 'gpt-4o-mini', prompt_tokens: 700, completion_tokens: 60 })]);
    expect(ofType(chat, 'tool_call_complete')).toEqual([expect.objectContaining({ tool_call_id: 'call_v1', name: 'lookup', output: '{"found":true}' })]);
    expect(ofType(chat, 'text_complete').map((e) => e.text)).toEqual(['Done.']);
  });

  it('shows a Logfire pending span as a running tool call, with the seq its ended span will give (so it is stored once)', () => {
    const pending = spans.find((s) => s.name === 'running tool: fetch_page')!;
    const [start] = ofType(bySession(events, 'pyd-run-1'), 'tool_call_start');
    expect(start).toMatchObject({ tool_call_id: 'pyd_ai_tool_call_1', name: 'fetch_page', arguments: '{"url":"https://example.com"}' });
    const ended = { ...pending, spanId: pending.parentSpanId, parentSpanId: '', attributes: new Map([...pending.attributes].filter(([k]) => !k.startsWith('logfire.'))), endTimeUnixNano: '1796313009000000000' };
    const later = createOtlpMapper().mapSpans([ended]).events;
    expect(ofType(later, 'tool_call_start')[0]).toMatchObject({ seq: start!.seq, session_id: start!.session_id });
    expect(ofType(later, 'tool_call_complete')).toHaveLength(1);
  });

  it('learns a tool span from an earlier export: an LLM span exported later under it is tool_embedded', () => {
    const mapper = createOtlpMapper();
    const tool = spans.find((s) => s.name === 'execute_tool get_weather')!;
    const inner = spans.find((s) => s.name === 'chat gpt-4.1-mini')!;
    mapper.mapSpans([tool]);
    expect(ofType(mapper.mapSpans([inner]).events, 'token_usage')[0]).toMatchObject({ source: 'tool_embedded' });
  });

  it('orders the completion of a span that ended in the millisecond it started after its start', () => {
    const tool = spans.find((s) => s.name === 'execute_tool get_weather')!;
    const quick = { ...tool, startTimeUnixNano: '1796313001000000000', endTimeUnixNano: '1796313001000900000' };
    const events = validEvents(createOtlpMapper().mapSpans([quick]));
    const [start, complete] = [ofType(events, 'tool_call_start')[0]!, ofType(events, 'tool_call_complete')[0]!];
    expect(complete.seq).toBe((start.seq as number) + 1);
  });
});
