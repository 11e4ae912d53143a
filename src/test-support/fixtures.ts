import type { CompactionRecord, SessionSummary } from '../protocol/api-schemas';
import type { UsageRow } from '../protocol/cost-schemas';
import { idleActivityState } from '../protocol/session-activity';
import type { LiveStatusFacts } from '../lib/sessions/session-status';

/** A complete, valid SessionSummary for tests; override what the test is about. */
export function makeSummary(overrides: Partial<SessionSummary> & { session_id: string }): SessionSummary {
  return {
    producer: null,
    title: null,
    agent: 'build',
    model: 'anthropic/claude-sonnet-4',
    status: 'active',
    first_seen_ms: 1_000,
    last_seen_ms: 2_000,
    last_seq: 10,
    last_event_type: 'token_usage',
    last_error: null,
    event_count: 10,
    stored_event_count: 8,
    unknown_event_count: 0,
    tool_call_count: 1,
    error_count: 0,
    prompt_tokens: 1_200,
    completion_tokens: 340,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    tokens_by_source: {},
    usage_origin: 'token_usage',
    cost_usd: 0.0123,
    unpriced_tokens: 0,
    activity: 'idle',
    activity_since_ms: null,
    activity_state: idleActivityState(),
    last_estimate: null,
    ...overrides,
  };
}

/** Live status facts of a session seen live and doing nothing in particular; tests override what they need. */
export function makeLiveFacts(nowMs: number, overrides: Partial<LiveStatusFacts> = {}): LiveStatusFacts {
  return {
    lastSeq: 10,
    lastEventMs: nowMs - 1_000,
    ended: null,
    thinking: false,
    streaming: false,
    compacting: false,
    toolName: null,
    toolStartedMs: null,
    toolElapsedSecs: 0,
    toolHeartbeatMs: null,
    retryAttempt: null,
    retryMax: null,
    approvalTool: null,
    approvalSinceMs: null,
    rlmIteration: null,
    rlmMaxIterations: null,
    ...overrides,
  };
}

/** A compaction lifecycle record with no figures; tests set the kind and what they are about. */
export function makeCompactionRecord(overrides: Partial<CompactionRecord> & Pick<CompactionRecord, 'kind'>): CompactionRecord {
  return {
    cursor: 1,
    session_id: 's1',
    seq: 1,
    ts_ms: 1_000,
    trace_id: 't1',
    reason: null,
    strategy: null,
    before_tokens: null,
    after_tokens: null,
    budget: null,
    kept_messages: null,
    dropped_tokens: null,
    archive_ref: null,
    ...overrides,
  };
}

/** A usage row of one unpriced call and no tokens; tests set the keys and figures they are about. */
export function makeUsageRow(overrides: Partial<UsageRow>): UsageRow {
  return {
    prompt_tokens: 0,
    completion_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    calls: 1,
    usage_report_calls: 0,
    reported_cost_usd: null,
    cost_usd: null,
    unpriced_tokens: 0,
    ...overrides,
  };
}
