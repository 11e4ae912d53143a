import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '#protocol/parse-event';
import type { OtlpAttributes, OtlpLogRecord, OtlpSpan, OtlpValue } from '../otlp-records';
import { createOtlpMapper } from './create-otlp-mapper';

// Whatever an exporter sends, the mapper never throws, every event it makes passes the
// protocol's validation, and a record it cannot use is reported once with a reason.

const { value: otlpValue } = fc.letrec<{ value: OtlpValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 40 }),
    fc.constantFrom('true', 'false', '<REDACTED>', '12', '-3', '1e400', 'NaN', '', '__proto__', '{"a":1}', '[{"role":"assistant","parts":[{"type":"text","content":"hi"}]}]'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4, noNullPrototype: false }),
  ),
}));

/** Keys the families read, so arbitrary values land where the mapping looks. */
const knownKeys = [
  'session.id', 'conversation.id', 'gen_ai.conversation.id', 'event.name', 'event.sequence', 'event.timestamp', 'event.kind', 'model', 'gen_ai.request.model',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'cost_usd', 'duration_ms', 'query_source', 'agent.name', 'prompt', 'response',
  'tool_name', 'tool_use_id', 'call_id', 'decision', 'source', 'success', 'tool_parameters', 'arguments', 'output', 'error', 'status_code', 'attempt',
  'pre_tokens', 'post_tokens', 'trigger', 'context_window', 'auto_compact_token_limit', 'input_token_count', 'output_token_count', 'cached_token_count',
  'thoughts_token_count', 'tool_token_count', 'cached_content_token_count', 'role', 'response_text', 'function_name', 'function_args', 'tokens_before', 'tokens_after',
  'agent_id', 'agent_name', 'terminate_reason', 'gen_ai.operation.name', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.output.messages', 'gen_ai.tool.name', 'gen_ai.tool.call.id', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result', 'gen_ai.agent.name',
  'openinference.span.kind', 'llm.token_count.prompt', 'llm.output_messages.0.message.content', 'ai.operationId', 'ai.usage.promptTokens', 'logfire.span_type',
  'logfire.pending_parent_id', 'service.name', 'http.response.status_code', 'error.message',
];

const attributes: fc.Arbitrary<OtlpAttributes> = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 12 })), otlpValue), { maxLength: 14 })
  .map((entries) => new Map(entries));

const eventNames = fc.oneof(
  fc.constantFrom(
    'claude_code.user_prompt', 'claude_code.api_request', 'claude_code.api_error', 'claude_code.tool_decision', 'claude_code.tool_result', 'claude_code.compaction',
    'claude_code.assistant_response', 'codex.conversation_starts', 'codex.sse_event', 'codex.tool_result', 'codex.tool_decision', 'codex.api_request', 'codex.user_prompt',
    'gemini_cli.api_response', 'gemini_cli.tool_call', 'gemini_cli.chat_compression', 'gemini_cli.agent.start', 'gemini_cli.agent.finish', 'gemini_cli.api_error',
    'gen_ai.client.inference.operation.details', 'gen_ai.user.message', 'gen_ai.choice', '',
  ),
  fc.string({ maxLength: 30 }),
);

const nanos = fc.oneof(fc.constantFrom('0', '1796310000123456789', '1796310000000000000', '99999999999999999999999', '1'), fc.bigInt({ min: 0n, max: 10n ** 22n }).map(String));
const hexId = (bytes: number) => fc.oneof(fc.constant(''), fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex')));

const logRecord: fc.Arbitrary<OtlpLogRecord> = fc
  .record({ eventName: eventNames, attrs: attributes, resource: attributes, body: otlpValue, time: nanos, observed: nanos, traceId: hexId(16), spanId: hexId(8), scopeName: fc.constantFrom('', 'com.anthropic.claude_code.events', 'gemini-cli', 'x') })
  .map(({ eventName, attrs, resource, body, time, observed, traceId, spanId, scopeName }, ) => ({
    resource, scopeName, scopeVersion: '', index: 0, timeUnixNano: time, observedTimeUnixNano: observed, severityNumber: 9, severityText: 'INFO', body,
    attributes: eventName ? new Map(attrs).set('event.name', eventName) : attrs, eventName: '', traceId, spanId,
  }));

/** Half the records name a session and a usable time, so the families themselves get the arbitrary values. */
const mappableLogRecord = fc.oneof(
  logRecord,
  logRecord.map((r) => ({ ...r, timeUnixNano: '1796310000123456789', attributes: new Map(r.attributes).set('session.id', 'fuzz-session') })),
);

const span: fc.Arbitrary<OtlpSpan> = fc
  .record({ attrs: attributes, resource: attributes, name: fc.string({ maxLength: 20 }), start: nanos, end: nanos, traceId: hexId(16), spanId: hexId(8), parentSpanId: hexId(8), code: fc.constantFrom(0, 1, 2, 7), eventAttrs: attributes })
  .map(({ attrs, resource, name, start, end, traceId, spanId, parentSpanId, code, eventAttrs }) => ({
    resource, scopeName: '', scopeVersion: '', index: 0, traceId, spanId, parentSpanId, name, kind: 1, startTimeUnixNano: start, endTimeUnixNano: end,
    attributes: attrs, status: { code, message: 'm' }, events: [{ name: 'exception', timeUnixNano: start, attributes: eventAttrs }],
  }));

/** Half the spans are GenAI spans with usable times, so the span mapping itself gets the arbitrary values. */
const mappableSpan = fc.oneof(
  span,
  fc.tuple(span, fc.constantFrom('chat', 'execute_tool', 'invoke_agent'), fc.constantFrom('', 'pending_span'), fc.nat(5_000_000_000), fc.nat(2_000_000)).map(([s, operation, spanType, ns, tokens]) => {
    const attributes = new Map(s.attributes).set('gen_ai.operation.name', operation);
    if (spanType) attributes.set('logfire.span_type', spanType);
    if (!attributes.has('gen_ai.usage.input_tokens')) attributes.set('gen_ai.usage.input_tokens', tokens);
    return { ...s, traceId: '4bf92f3577b34da6a3ce929d0e0e4736', startTimeUnixNano: '1796310000123456789', endTimeUnixNano: String(1796310000123456789n + BigInt(ns)), attributes };
  }),
);

function checkResult(result: ReturnType<ReturnType<typeof createOtlpMapper>['mapLogs']>, count: number): void {
  for (const event of result.events) {
    const parsed = parseEvent(JSON.parse(JSON.stringify(event)));
    if (!parsed.ok) throw new Error(`${String(event.type)}: ${parsed.error}`);
  }
  const indexes = result.unusable.map((u) => u.index);
  expect(new Set(indexes).size).toBe(indexes.length);
  expect(indexes.every((i) => i >= 0 && i < count)).toBe(true);
  // "could not be mapped" is the mapper's own safety net: reaching it would be a bug.
  expect(result.unusable.filter((u) => u.reason.includes('could not be mapped'))).toEqual([]);
  expect(result.unusable.every((u) => u.reason.length > 0)).toBe(true);
}

describe('the OTLP mapper under arbitrary input', () => {
  const mappedTypes: string[] = [];
  const spanTypes: string[] = [];

  it('log records: never throws, makes only valid events, reports each unusable record once with a reason', () => {
    fc.assert(
      fc.property(fc.array(mappableLogRecord, { maxLength: 8 }), (records) => {
        const indexed = records.map((r, index) => ({ ...r, index }));
        const result = createOtlpMapper().mapLogs(indexed);
        checkResult(result, indexed.length);
        mappedTypes.push(...result.events.map((e) => String(e.type)));
      }),
      { numRuns: 400 },
    );
    // The property is only worth something if arbitrary values reached the families.
    for (const type of ['token_usage', 'tool_call_complete', 'compaction_started', 'error', 'text_complete']) expect(mappedTypes).toContain(type);
  });

  it('spans: never throws, makes only valid events, reports each unusable span once with a reason', () => {
    fc.assert(
      fc.property(fc.array(mappableSpan, { maxLength: 8 }), (spans) => {
        const indexed = spans.map((s, index) => ({ ...s, index }));
        const result = createOtlpMapper().mapSpans(indexed);
        checkResult(result, indexed.length);
        spanTypes.push(...result.events.map((e) => String(e.type)));
      }),
      { numRuns: 400 },
    );
    for (const type of ['token_usage', 'tool_call_start', 'tool_call_complete', 'done', 'thinking']) expect(spanTypes).toContain(type);
  });

  it('a huge attribute value is clipped, never passed on whole', () => {
    const huge = 'x'.repeat(5_000_000);
    const record: OtlpLogRecord = {
      resource: new Map(), scopeName: '', scopeVersion: '', index: 0, timeUnixNano: '1796310000000000000', observedTimeUnixNano: '0', severityNumber: 9, severityText: '',
      body: 'claude_code.assistant_response', eventName: '', traceId: '', spanId: '',
      attributes: new Map<string, OtlpValue>([['session.id', 's1'], ['event.name', 'assistant_response'], ['response', huge]]),
    };
    const [text] = createOtlpMapper().mapLogs([record]).events;
    expect(JSON.stringify(text).length).toBeLessThan(70_000);
  });
});
