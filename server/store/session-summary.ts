import type { SessionSummary, SourceTotals } from '#protocol/api-schemas';
import type { KnownSessionEvent } from '#protocol/event-schemas';
import type { IngestItem } from '../ingest/ingest-item';
import { foldOpenLoops, turnChangeOf } from '#protocol/live-present/open-loops';
import { activityOf, idleActivityState, legacyActivityOf, MAX_TRACKED_TOOLS } from '#protocol/session-activity';
import { usageStep } from './usage-origin';

// How one session's summary follows from its events. Pure and storage-agnostic:
// every store folds with these functions, so SQLite and PostgreSQL agree.

/** The summary of a session before any of its events: no counts, status active. */
export function emptySummary(sessionId: string, tsMs: number): SessionSummary {
  return {
    session_id: sessionId,
    producer: null,
    title: null,
    agent: null,
    model: null,
    status: 'active',
    first_seen_ms: tsMs,
    last_seen_ms: tsMs,
    last_seq: 0,
    last_event_type: null,
    last_error: null,
    event_count: 0,
    stored_event_count: 0,
    unknown_event_count: 0,
    tool_call_count: 0,
    error_count: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    tokens_by_source: {},
    usage_origin: null,
    cost_usd: null,
    unpriced_tokens: 0,
    activity: 'idle',
    activity_since_ms: null,
    activity_state: idleActivityState(),
    last_estimate: null,
  };
}

/**
 * A summary as stored, with the fields later versions added filled in: a summary
 * written before `usage_origin` existed had token usage only from token_usage.
 */
export function withSummaryDefaults(stored: SessionSummary): SessionSummary {
  const partial = stored as Partial<SessionSummary> & SessionSummary;
  partial.producer ??= null;
  partial.cost_usd ??= null;
  partial.unpriced_tokens ??= 0;
  if (partial.activity_state === undefined) {
    // Stored before the activity fold: its last event type is the only trace of what it was doing.
    partial.activity = legacyActivityOf(partial.last_event_type);
    partial.activity_since_ms = partial.activity === 'awaiting_approval' ? partial.last_seen_ms : null;
    partial.activity_state = idleActivityState();
  }
  if (partial.usage_origin === undefined) {
    partial.usage_origin = Object.values(partial.tokens_by_source).some((totals) => totals.calls > 0) ? 'token_usage' : null;
  }
  return partial;
}

/** A deep copy cheap enough for the ingest path (the two nested objects are the only shared state). */
export function cloneSummary(summary: SessionSummary): SessionSummary {
  const tokensBySource: SessionSummary['tokens_by_source'] = {};
  for (const [source, totals] of Object.entries(summary.tokens_by_source) as [keyof SessionSummary['tokens_by_source'], SourceTotals][]) {
    tokensBySource[source] = { ...totals };
  }
  return {
    ...summary,
    tokens_by_source: tokensBySource,
    // activity_state is replaced by its fold, never mutated: it is shared, not copied.
    last_estimate: summary.last_estimate === null ? null : { ...summary.last_estimate },
  };
}

/** Folds one accepted, non-duplicate event into a copy of `summary`. */
export function applyEvent(summary: SessionSummary, item: IngestItem): SessionSummary {
  const next = cloneSummary(summary);
  foldEventInto(next, item);
  return next;
}

/** Records an agent sends (also while waiting, or after `done`): never what the session last did. */
const bookkeepingTypes: ReadonlySet<string> = new Set(['session_sync', 'token_usage', 'usage_report', 'token_estimate', 'tool_call_metadata']);

const nonEmpty = (value: string | null | undefined): value is string => typeof value === 'string' && value.length > 0;

/**
 * Folds one accepted, non-duplicate event into `draft`, mutating it: the hot-path
 * form of `applyEvent` for a store that copies each session once per batch.
 *
 * "Latest" fields (last_seq, last_event_type) follow the highest seq, and the present
 * (status, activity) moves only with an event newer than every earlier one, so a late
 * resend (seq below last_seq) still counts but never rewinds them: "older than the
 * done/error" is simply "seq below last_seq", and no extra field remembers it.
 */
export function foldEventInto(draft: SessionSummary, item: IngestItem): void {
  const event = item.event;
  const tsMs = item.tsMs;
  // `>=`: a stored event sharing its seq with an earlier ephemeral one is a producer bug, not a stale resend.
  const isNewest = event.seq >= draft.last_seq;
  // The present (activity, ended) moves only on an event newer than all before it, as in the browser's live state.
  const movesPresent = event.seq > draft.last_seq;

  draft.event_count++;
  if (draft.producer === null && event.producer !== undefined) draft.producer = event.producer;
  if (tsMs < draft.first_seen_ms) draft.first_seen_ms = tsMs;
  if (tsMs > draft.last_seen_ms) draft.last_seen_ms = tsMs;
  if (isNewest) {
    draft.last_seq = event.seq;
    // Records (a session file saved while the agent waits, usage) are not what it last did.
    if (!item.known || !bookkeepingTypes.has(event.type)) draft.last_event_type = event.type;
  }

  if (!item.known) {
    draft.unknown_event_count++;
    return;
  }
  if (item.eventClass !== 'ephemeral') draft.stored_event_count++;

  // `known` means the event passed its variant's schema, so the tag discriminates.
  const known = event as KnownSessionEvent;
  if (movesPresent) foldPresentInto(draft, known);
  switch (known.type) {
    case 'error':
      draft.error_count++;
      // Without the seq of the previous error, "newest or first" is the best guess for a late one.
      if (isNewest || draft.last_error === null) draft.last_error = known.error;
      break;
    case 'session_sync': {
      const session = known.session;
      if (nonEmpty(session.title)) draft.title = session.title;
      if (nonEmpty(session.agent)) draft.agent = session.agent;
      const model = session.metadata?.model;
      if (nonEmpty(model)) draft.model = model;
      break;
    }
    case 'token_estimate':
      draft.last_estimate = { model: known.model, request_tokens: known.request_tokens, budget: known.budget, ts_ms: tsMs };
      if (draft.model === null && nonEmpty(known.model)) draft.model = known.model;
      break;
    case 'token_usage':
    case 'usage_report': {
      const { action, origin } = usageStep(draft.usage_origin, known);
      draft.usage_origin = origin;
      if (action === 'withdraw_reports_then_count') withdrawUsage(draft);
      if (action !== 'ignore') countUsage(draft, known);
      if (draft.model === null && nonEmpty(known.model)) draft.model = known.model;
      break;
    }
    case 'tool_call_start':
      draft.tool_call_count++;
      break;
    default:
      break;
  }
}

/**
 * Status and activity: the open loops and the turn rule of the live present
 * (src/protocol/live-present/open-loops.ts), the browser's and the hub's, so a
 * summary names what a tab that watched the session would.
 */
function foldPresentInto(draft: SessionSummary, known: KnownSessionEvent): void {
  const turn = turnChangeOf(known);
  if (turn !== null) draft.status = turn === 'reopens' ? 'active' : turn;
  const loops = foldOpenLoops(draft.activity_state, known, MAX_TRACKED_TOOLS);
  draft.activity_state = loops;
  // Always, not only when the loops moved: a summary stored before the fold existed shows a legacy activity until its next event.
  draft.activity = activityOf(loops);
  draft.activity_since_ms = loops.approval?.since_ms ?? null;
}

/** Adds one call's tokens; a usage report has no source or cache counts, so it counts as root. */
function countUsage(draft: SessionSummary, known: Extract<KnownSessionEvent, { type: 'token_usage' | 'usage_report' }>): void {
  const isTokenUsage = known.type === 'token_usage';
  draft.prompt_tokens += known.prompt_tokens;
  draft.completion_tokens += known.completion_tokens;
  if (isTokenUsage) {
    draft.cache_read_tokens += known.cache_read_tokens ?? 0;
    draft.cache_write_tokens += known.cache_write_tokens ?? 0;
  }
  const bySource = (draft.tokens_by_source[isTokenUsage ? known.source : 'root'] ??= { prompt_tokens: 0, completion_tokens: 0, calls: 0 });
  bySource.prompt_tokens += known.prompt_tokens;
  bySource.completion_tokens += known.completion_tokens;
  bySource.calls++;
}

/** Until a session's first token_usage, every token it counted came from usage reports: all of it goes. */
function withdrawUsage(draft: SessionSummary): void {
  draft.prompt_tokens = 0;
  draft.completion_tokens = 0;
  draft.cache_read_tokens = 0;
  draft.cache_write_tokens = 0;
  draft.tokens_by_source = {};
}
