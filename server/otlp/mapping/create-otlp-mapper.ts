import { maxTokensPerCall } from '#protocol/event-schemas';
import type { OtlpLogRecord, OtlpMapResult, OtlpMapper, OtlpSpan } from '../otlp-records';
import { mapClaudeCodeLog } from './claude-code-logs';
import { mapCodexLog } from './codex-logs';
import { createEmitter, type Emitter, type EventDraft } from './event-emitter';
import { mapGeminiCliLog } from './gemini-cli-logs';
import { mapGenAiLog } from './genai-logs';
import { mapGenAiSpan, rememberSpan, spanMoment, type SpanMoment } from './genai-spans';
import { logContext } from './log-context';
import { createMapperState, type MapperState } from './mapper-state';
import { textOf } from './otlp-values';
import { agentName, declaredSessionId, detectProducer, modelName, traceSessionId, type OtlpProducer } from './session-identity';
import { isPendingSpan, spanKind } from './span-kind';

const TOKEN_FIELDS = ['prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_write_tokens'] as const;

/**
 * Why a record's events cannot go on, if they cannot: the one rule the families do not
 * enforce by construction is the protocol's per-call token ceiling, which only a
 * producer bug (or a hostile sender) reaches. The record is refused whole, naming the field.
 */
function refusal(drafts: readonly EventDraft[]): string | undefined {
  for (const draft of drafts) {
    if (draft.type !== 'token_usage') continue;
    for (const field of TOKEN_FIELDS) {
      const value = draft[field];
      if (typeof value === 'number' && value > maxTokensPerCall) return `token_usage \`${field}\` ${value} is more than one call can count (${maxTokensPerCall})`;
    }
  }
  return undefined;
}

/**
 * The OTLP mapping the receiver calls: log records and spans in, protocol events out
 * (docs/otlp-mapping.md). Pure apart from its bounded memory (mapper-state.ts); every
 * event carries `producer` and a seq that depends only on its record (event-seq.ts).
 * Never throws: a record that cannot be mapped is reported in `unusable` with the reason.
 */
export function createOtlpMapper(state: MapperState = createMapperState()): OtlpMapper {
  /**
   * The first time a session shows up here, a session_sync names its agent (and model) for
   * the session list; again once a model first shows up. Checked per mapped record, so the
   * agent's name is only looked up when a sync is due.
   */
  function syncSession(emit: Emitter, origin: OtlpLogRecord | OtlpSpan): void {
    const known = state.syncedSessions.has(emit.sessionId);
    if (known && state.syncedSessions.get(emit.sessionId) !== undefined) return;
    const model = modelName(origin.attributes);
    if (known && model === undefined) return;
    state.syncedSessions.set(emit.sessionId, model);
    const agent = agentName(origin.attributes, origin);
    emit.emitSessionSync({ session: { id: emit.sessionId, ...(agent ? { agent: agent.slice(0, 256) } : {}), ...(model ? { metadata: { model: model.slice(0, 256) } } : {}) } });
  }

  function mapLog(record: OtlpLogRecord, events: EventDraft[], unusable: OtlpMapResult['unusable']): void {
    const result = logContext(record);
    if (!result.ok) {
      unusable.push({ index: record.index, reason: result.reason });
      return;
    }
    const context = result.context;
    const drafts: EventDraft[] = [];
    const emit = createEmitter(drafts, context.sessionId, context.producer, context.time, context.bucket);
    let reason: string | undefined;
    switch (context.producer) {
      case 'claude_code':
        mapClaudeCodeLog(context, emit);
        break;
      case 'codex':
        mapCodexLog(context, emit, state);
        break;
      case 'gemini_cli':
        mapGeminiCliLog(context, emit);
        break;
      default:
        reason = mapGenAiLog(context, emit);
    }
    reason ??= refusal(drafts);
    if (reason !== undefined) {
      unusable.push({ index: record.index, reason: reason.startsWith('log record') ? reason : `log record \`${context.eventName.slice(0, 80)}\`: ${reason}` });
      return;
    }
    if (drafts.length > 0) syncSession(emit, record);
    for (const draft of drafts) events.push(draft);
  }

  function spanSession(span: OtlpSpan): string | undefined {
    const declared = declaredSessionId(span.attributes, span);
    if (declared !== undefined) {
      state.sessionByTrace.set(span.traceId, declared);
      return declared;
    }
    return state.sessionByTrace.get(span.traceId) ?? traceSessionId(span.traceId);
  }

  function mapSpan(span: OtlpSpan, producer: OtlpProducer, events: EventDraft[], unusable: OtlpMapResult['unusable']): void {
    const kind = spanKind(span);
    if (kind === 'other') {
      unusable.push({ index: span.index, reason: `span \`${span.name.slice(0, 80)}\`: not a GenAI span (no gen_ai.operation.name, openinference.span.kind, ai.operationId or token usage)` });
      return;
    }
    if (kind === 'wrapper') return;
    const sessionId = spanSession(span);
    if (sessionId === undefined) {
      unusable.push({ index: span.index, reason: `span \`${span.name.slice(0, 80)}\`: no session (no session.id, gen_ai.conversation.id attribute and no trace id)` });
      return;
    }
    const start = spanMoment(span.startTimeUnixNano, span);
    if (start === null) {
      unusable.push({ index: span.index, reason: `span \`${span.name.slice(0, 80)}\`: no usable start time` });
      return;
    }
    const endsAfterStart = span.endTimeUnixNano !== '0' && span.endTimeUnixNano !== span.startTimeUnixNano;
    const ended = isPendingSpan(span) || !endsAfterStart ? null : spanMoment(span.endTimeUnixNano, span);
    // Ending in the millisecond it started, a span's events share the start's slots (one emitter,
    // indexes in order), so the completion can never sort before the start, whatever the buckets.
    const end = ended !== null && ended.time.ms === start.time.ms ? start : ended;
    const drafts: EventDraft[] = [];
    const emitters = new Map<string, Emitter>();
    const emitterAt = (moment: SpanMoment): Emitter => {
      const key = `${moment.time.ms}/${moment.bucket}`;
      let emitter = emitters.get(key);
      if (emitter === undefined) {
        emitter = createEmitter(drafts, sessionId, producer, moment.time, moment.bucket);
        emitters.set(key, emitter);
      }
      return emitter;
    };
    mapGenAiSpan(span, kind, state, emitterAt, start, end);
    const reason = refusal(drafts);
    if (reason !== undefined) {
      unusable.push({ index: span.index, reason: `span \`${span.name.slice(0, 80)}\`: ${reason}` });
      return;
    }
    const first = emitters.values().next();
    if (drafts.length > 0 && !first.done) syncSession(first.value, span);
    for (const draft of drafts) events.push(draft);
  }

  return {
    mapLogs(records) {
      const events: EventDraft[] = [];
      const unusable: OtlpMapResult['unusable'] = [];
      for (const record of records) {
        try {
          mapLog(record, events, unusable);
        } catch (err) {
          // A mapping bug must cost one record, never the request: the receiver still answers for the rest.
          unusable.push({ index: record.index, reason: `log record could not be mapped: ${(err as Error).message}` });
        }
      }
      return { events, unusable };
    },
    mapSpans(spans) {
      const events: EventDraft[] = [];
      const unusable: OtlpMapResult['unusable'] = [];
      const genAi: OtlpSpan[] = [];
      for (const span of spans) {
        try {
          // Claude Code, Codex and Gemini CLI log everything their spans say (and count tokens there): their spans would count twice.
          const producer = detectProducer(textOf(span.attributes, 'event.name'), span);
          if (producer !== 'otlp') continue;
          // Learn the whole batch first: a tool span may arrive after the LLM spans inside it.
          rememberSpan(span, spanKind(span), state);
          const declared = declaredSessionId(span.attributes, span);
          if (declared !== undefined) state.sessionByTrace.set(span.traceId, declared);
          genAi.push(span);
        } catch (err) {
          unusable.push({ index: span.index, reason: `span could not be mapped: ${(err as Error).message}` });
        }
      }
      for (const span of genAi) {
        try {
          mapSpan(span, 'otlp', events, unusable);
        } catch (err) {
          unusable.push({ index: span.index, reason: `span could not be mapped: ${(err as Error).message}` });
        }
      }
      return { events, unusable };
    },
  };
}
