import type { EventClass } from '../../src/protocol/event-class';
import type { SessionEvent } from '../../src/protocol/event-schemas';
import type { Budget, CompactionRecord, CompactionStats, ContextSeries, RlmFallbackRecord, RlmStats, EventPage, RlmCompletionRecord, SessionList, SessionSummary, StoredEventRecord, TokenUsageRecord, UsageRow } from '../../src/protocol/api-schemas';
import type { StoreState } from '../../src/protocol/health-schemas';
import type {
  AnalyticsQuery,
  CompactionQuery,
  RlmFallbackQuery,
  RlmQuery,
  SessionEventsQuery,
  SessionListQuery,
  TokenUsageQuery,
  UsageQuery,
} from '../../src/protocol/api-queries';

/** A validated event on its way into the store. */
export interface IngestItem {
  event: SessionEvent;
  /** False for a `type` this build does not know (accepted and counted, never stored). */
  known: boolean;
  eventClass: EventClass;
  tsMs: number;
  /** The event as JSON, serialised once on the way in. */
  json: string;
}

/**
 * What became of one item of a batch:
 * - `stored`: durable/history event committed under `cursor`;
 * - `live`: ephemeral (or unknown) event, not stored, to be fanned out;
 * - `duplicate`: `(session_id, seq)` seen before (stored events: already in the
 *   store; ephemeral: not newer than the session's last seq, so stale).
 */
export type IngestOutcome = { kind: 'stored'; cursor: number } | { kind: 'live' } | { kind: 'duplicate' };

export interface IngestBatchResult {
  outcomes: IngestOutcome[];
  /**
   * The head cursor just before this batch committed, read inside its transaction.
   * Commits are serialised, so a batch that stored events continues exactly the one
   * whose new head this is: replicas order batches they receive from elsewhere by it.
   */
  headBefore: number;
  /** Summaries of the sessions the batch touched, after it. */
  sessions: SessionSummary[];
}

/** A usage aggregate as the store sums it; prices are applied above the store (server/pricing). */
export type UsageTotalsRow = Omit<UsageRow, 'cost_usd' | 'unpriced_tokens'>;

export interface Page<T> {
  records: T[];
  next_cursor: number | null;
}

/**
 * The narrow interface everything outside `server/store/` uses. No SQL dialect
 * leaks past it: SQLite is the embedded default, PostgreSQL a later sibling, and
 * both must pass `store-contract.ts`.
 */
export interface EventStore {
  readonly kind: string;
  /** Whether ingest can be taken now, and why not (checked at each ingest and every few seconds). */
  state(): StoreState;
  /**
   * Commits one batch atomically: stored events (deduplicated on
   * `(session_id, seq)`), their typed rows, and every item's effect on its
   * session summary. Resolves only once the batch is durable.
   */
  ingest(items: IngestItem[]): Promise<IngestBatchResult>;
  /** The highest cursor committed (0 for an empty store). */
  headCursor(): Promise<number>;
  sessionCount(): Promise<number>;
  listSessions(query: SessionListQuery): Promise<SessionList>;
  getSession(sessionId: string): Promise<SessionSummary | null>;
  sessionEvents(sessionId: string, query: SessionEventsQuery): Promise<EventPage>;
  /** Stored events with cursor > `after`, in cursor order, of the given sessions (null: all). */
  eventsAfter(after: number, sessionIds: readonly string[] | null, limit: number): Promise<StoredEventRecord[]>;
  tokenUsage(query: TokenUsageQuery): Promise<Page<TokenUsageRecord>>;
  usage(query: UsageQuery): Promise<UsageTotalsRow[]>;
  rlmCompletions(query: RlmQuery): Promise<Page<RlmCompletionRecord>>;
  compactions(query: CompactionQuery): Promise<Page<CompactionRecord>>;
  /** Typed copies of rlm_subcall_fallback events. */
  rlmFallbacks(query: RlmFallbackQuery): Promise<Page<RlmFallbackRecord>>;
  rlmStats(query: AnalyticsQuery): Promise<RlmStats>;
  compactionStats(query: AnalyticsQuery): Promise<CompactionStats>;
  /** One session's sampled token estimates, oldest first, and its compaction records as markers. */
  contextSeries(sessionId: string): Promise<ContextSeries>;
  /** The per-session budget overrides. */
  budgets(): Promise<Record<string, Budget>>;
  /** Sets one session's budget override; both thresholds null removes it. */
  setBudget(sessionId: string, budget: Budget): Promise<void>;
  close(): Promise<void>;
}
