import type { CompactionRecord, CompactionStats, ContextSeries, RlmFallbackRecord, RlmStats, EventPage, EventSearchPage, RlmCompletionRecord, SessionList, SessionSummary, StoredEventRecord, TokenUsageRecord } from '#protocol/api-schemas';
import type { Budget, UsageRow } from '#protocol/cost-schemas';
import type { StoreState } from '#protocol/health-schemas';
import type {
  AnalyticsQuery,
  CompactionQuery,
  RlmFallbackQuery,
  RlmQuery,
  SessionEventSearchQuery,
  SessionEventsQuery,
  SessionListQuery,
  TokenUsageQuery,
  UsageQuery,
} from '#protocol/api-queries';
import type { IngestItem } from '../ingest/ingest-item';
import type { DemoDataRemoval } from './demo-sessions';
import type { StatusClock } from './session-status-sql';
import type { TokenMetric } from '#protocol/usage-metric';

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

/** The cost columns of a session, as the pricing step (server/pricing) computes them. */
export interface SessionCostColumns {
  cost_usd: number | null;
  unpriced_tokens: number;
}

/** A usage aggregate as the store sums it; prices are applied above the store (server/pricing). */
export type UsageTotalsRow = Omit<UsageRow, 'cost_usd' | 'unpriced_tokens'>;

/** The top of a ranking of sessions by usage, and how many sessions have usage in all. */
export interface UsageSessionRanking {
  sessionIds: string[];
  sessions: number;
}

export interface Page<T> {
  records: T[];
  next_cursor: number | null;
}

/**
 * The narrow interface everything outside `server/store/` uses. No SQL dialect
 * leaks past it: SQLite is the embedded default, PostgreSQL a later sibling, and
 * both must pass `server/test-support/store-contract/store-contract.ts`.
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
  /**
   * A page of sessions, filtered by operator status derived at `clock` (default: now,
   * the default abandoned silence) as deriveStatus derives it from a summary
   * (./session-status-sql.ts, ./session-list-query.ts), with the per-status counts of the whole fleet.
   */
  listSessions(query: SessionListQuery, clock?: StatusClock): Promise<SessionList>;
  getSession(sessionId: string): Promise<SessionSummary | null>;
  /**
   * Sets sessions' `cost_usd` / `unpriced_tokens` (the pricing step's figures, after
   * commits and after a price change); listSessions sorts by them and every summary read carries them.
   */
  writeSessionCosts(costs: ReadonlyMap<string, SessionCostColumns>): Promise<void>;
  sessionEvents(sessionId: string, query: SessionEventsQuery): Promise<EventPage>;
  /**
   * A search through a session's stored events, newest first, by text (inside any
   * value), type and class. Bounded work per call: the answer says how many events
   * it looked at and where to continue (server/store/event-search-plan.ts).
   */
  searchEvents(sessionId: string, query: SessionEventSearchQuery): Promise<EventSearchPage>;
  /** Stored events with cursor > `after`, in cursor order, of the given sessions (null: all). */
  eventsAfter(after: number, sessionIds: readonly string[] | null, limit: number): Promise<StoredEventRecord[]>;
  tokenUsage(query: TokenUsageQuery): Promise<Page<TokenUsageRecord>>;
  usage(query: UsageQuery): Promise<UsageTotalsRow[]>;
  /**
   * The sessions with the most usage by a token metric under the query's window and
   * filters (its group_by and bucket ignored), largest first: a limited usage reply
   * grouped by session reads only these sessions' rows (../pricing/priced-usage.ts).
   */
  topUsageSessions(query: UsageQuery, limit: number, metric: TokenMetric): Promise<UsageSessionRanking>;
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
  /** How many sessions the built-in demo made (./demo-sessions.ts). */
  demoSessionCount(): Promise<number>;
  /**
   * Deletes every demo session in one transaction: its events, typed rows, rollup rows,
   * context samples, budget and summary. Reads and the live replay no longer see them.
   */
  removeDemoData(): Promise<DemoDataRemoval>;
  close(): Promise<void>;
}
