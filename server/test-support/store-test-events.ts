import { timestampMs } from '#protocol/envelope';
import { eventClassOf } from '#protocol/event-class';
import type { KnownEventType } from '#protocol/event-schemas';
import { parseEvent } from '#protocol/parse-event';
import type { IngestItem } from '../ingest/ingest-item';

// Test fixtures: valid protocol events, built through the real parser so a test
// can never feed the store something an ingest path would have refused.

/** A payload valid for each variant, to be overridden field by field. */
const defaultPayloads: Record<KnownEventType, Record<string, unknown>> = {
  thinking: {},
  tool_call_start: { tool_call_id: 'call-1', name: 'bash', arguments: '{"cmd":"ls"}' },
  tool_call_complete: { tool_call_id: 'call-1', name: 'bash', output: 'ok', success: true, duration_ms: 12 },
  text_chunk: { delta: 'hel' },
  text_complete: { text: 'hello' },
  thinking_complete: { thought: 'hmm' },
  usage_report: { prompt_tokens: 100, completion_tokens: 20, duration_ms: 300, model: 'legacy/model' },
  session_sync: { session: { id: 'session', title: 'A title', agent: 'build', metadata: { model: 'anthropic/claude-sonnet-4-5' } } },
  done: {},
  error: { error: 'boom' },
  token_estimate: { model: 'anthropic/claude-sonnet-4-5', request_tokens: 1000, budget: 200000 },
  token_usage: { source: 'root', model: 'anthropic/claude-sonnet-4-5', prompt_tokens: 1000, completion_tokens: 200, duration_ms: 900 },
  rlm_progress: { trace_id: 'trace-1', iteration: 1, max_iterations: 5, status: 'running' },
  rlm_complete: {
    trace_id: 'trace-1',
    outcome: 'converged',
    iterations: 3,
    subcalls: 4,
    input_tokens: 9000,
    output_tokens: 900,
    elapsed_ms: 4200,
    reason: null,
    root_model: 'anthropic/claude-sonnet-4-5',
  },
  compaction_started: { trace_id: 'trace-c', reason: 'over budget', before_tokens: 180000, budget: 150000 },
  compaction_completed: { trace_id: 'trace-c', strategy: 'rlm', before_tokens: 180000, after_tokens: 60000, kept_messages: 12 },
  compaction_failed: { trace_id: 'trace-c', fell_back_to: 'truncate', reason: 'still over', after_tokens: 160000, budget: 150000 },
  context_truncated: { trace_id: 'trace-c', dropped_tokens: 40000, kept_messages: 8, archive_ref: null },
  rlm_subcall_fallback: { requested_model: 'a/big', fallback_model: 'a/small', reason: 'rate limited' },
  tool_heartbeat: { tool_call_id: 'call-1', name: 'bash', elapsed_secs: 3 },
  tool_output_chunk: { tool_call_id: 'call-1', name: 'bash', stream: 'stdout', chunk: 'line\n' },
  tool_call_metadata: { tool_call_id: 'call-1', name: 'bash', metadata: { exit: 0 } },
  approval_request: {
    approval_id: 'ap-1',
    tool_call_id: 'call-1',
    tool: 'bash',
    action: 'run',
    resource: 'rm -rf build',
    reason: 'destructive',
  },
  approval_decision: { approval_id: 'ap-1', status: 'denied', decided_by: 'operator', reason: 'not now' },
  stream_retry: { attempt: 1, max_restarts: 3, reason: 'reset' },
  play_break: { active: true },
};

/** Validates `raw` with the protocol parser and wraps it as the ingest path would. Throws on an invalid event. */
export function ingestItemOf(raw: Record<string, unknown>): IngestItem {
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(`test fixture is not a valid event: ${parsed.error} in ${JSON.stringify(raw)}`);
  const event = parsed.event;
  return { event, known: parsed.known, eventClass: eventClassOf(event.type), tsMs: timestampMs(event.ts), json: JSON.stringify(event) };
}

/**
 * An event of a known `type` with its default payload, `overrides` on top.
 * `ts` is Unix milliseconds (the integer form of the protocol's `ts`).
 */
export function makeItem(
  type: KnownEventType,
  sessionId: string,
  seq: number,
  tsMs: number,
  overrides: Record<string, unknown> = {},
): IngestItem {
  return ingestItemOf({ session_id: sessionId, seq, ts: tsMs, type, ...defaultPayloads[type], ...overrides });
}

/** An event whose `type` this build does not know: accepted, counted, never stored. */
export function makeUnknownItem(sessionId: string, seq: number, tsMs: number, type = 'future_variant'): IngestItem {
  return ingestItemOf({ session_id: sessionId, seq, ts: tsMs, type, payload: { anything: true } });
}

/** A `token_usage` event: the one the cost charts are built from. */
export function tokenUsageItem(
  sessionId: string,
  seq: number,
  tsMs: number,
  usage: {
    source?: string;
    model?: string;
    prompt_tokens: number;
    completion_tokens: number;
    cache_read_tokens?: number;
    cache_write_tokens?: number;
    duration_ms?: number;
  },
): IngestItem {
  return makeItem('token_usage', sessionId, seq, tsMs, usage);
}

/** A `session_sync` carrying the session's summary fields. */
export function sessionSyncItem(
  sessionId: string,
  seq: number,
  tsMs: number,
  session: { title?: string | null; agent?: string | null; model?: string | null },
): IngestItem {
  const { model, ...rest } = session;
  return makeItem('session_sync', sessionId, seq, tsMs, {
    session: { id: sessionId, ...rest, ...(model === undefined ? {} : { metadata: { model } }) },
  });
}

// Data sets the store contract's expectations are written against.

/** 2026-11-24T13:00:00Z: on an hour boundary, so hour buckets are easy to compute by hand. */
export const fixtureStartMs = Date.UTC(2026, 10, 24, 13);
export const minuteMs = 60_000;
export const hourMs = 60 * minuteMs;

/** Three sessions whose summaries differ in every sortable and filterable field. */
export function sessionListFixture(): IngestItem[] {
  return [
    sessionSyncItem('alpha-1111', 1, fixtureStartMs, { title: 'Fix the Build', agent: 'build', model: 'anthropic/sonnet' }),
    tokenUsageItem('alpha-1111', 2, fixtureStartMs + 1000, { model: 'anthropic/sonnet', prompt_tokens: 1000, completion_tokens: 100 }),
    makeItem('done', 'alpha-1111', 3, fixtureStartMs + 2000),
    sessionSyncItem('beta-2222', 1, fixtureStartMs + 500, { title: 'write the Docs', agent: 'plan', model: 'openai/gpt' }),
    tokenUsageItem('beta-2222', 2, fixtureStartMs + 600, { model: 'openai/gpt', prompt_tokens: 5000, completion_tokens: 500 }),
    makeItem('error', 'beta-2222', 3, fixtureStartMs + 700, { error: 'quota exceeded' }),
    makeItem('text_complete', 'gamma-3333', 1, fixtureStartMs + 3000),
    makeItem('tool_call_start', 'gamma-3333', 2, fixtureStartMs + 4000),
    tokenUsageItem('gamma-3333', 3, fixtureStartMs + 5000, { model: 'anthropic/sonnet', prompt_tokens: 10, completion_tokens: 1 }),
    makeItem('thinking', 'gamma-3333', 4, fixtureStartMs + 6000),
    makeUnknownItem('gamma-3333', 5, fixtureStartMs + 7000),
  ];
}

/** Five token_usage events over three hours and two sessions; the usage contract's expected sums are computed from them by hand. */
export function usageFixture(): IngestItem[] {
  return [
    tokenUsageItem('usage-a', 1, fixtureStartMs + 10 * minuteMs, { source: 'root', model: 'm/sonnet', prompt_tokens: 1000, completion_tokens: 100, cache_read_tokens: 400 }),
    tokenUsageItem('usage-a', 2, fixtureStartMs + 20 * minuteMs, { source: 'rlm_subcall', model: 'm/haiku', prompt_tokens: 300, completion_tokens: 30 }),
    tokenUsageItem('usage-a', 3, fixtureStartMs + 70 * minuteMs, {
      source: 'root', model: 'm/sonnet', prompt_tokens: 2000, completion_tokens: 200, cache_read_tokens: 1000, cache_write_tokens: 50,
    }),
    tokenUsageItem('usage-b', 1, fixtureStartMs + 5 * minuteMs, { source: 'root', model: 'm/haiku', prompt_tokens: 500, completion_tokens: 50 }),
    tokenUsageItem('usage-b', 2, fixtureStartMs + 130 * minuteMs, { source: 'rlm_iteration', model: 'm/sonnet', prompt_tokens: 700, completion_tokens: 70, cache_write_tokens: 10 }),
  ];
}
