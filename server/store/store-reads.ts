import type { CompactionRecord, CompactionStats, ContextSeries, EventPage, RlmCompletionRecord, RlmFallbackRecord, RlmStats, SessionList, StoredEventRecord, TokenUsageRecord } from '#protocol/api-schemas';
import type { Budget } from '#protocol/cost-schemas';
import type { AnalyticsQuery, CompactionQuery, RlmFallbackQuery, RlmQuery, SessionEventsQuery, SessionListQuery, TokenUsageQuery, UsageQuery } from '#protocol/api-queries';
import * as analytics from './analytics-queries';
import { budgets, setBudget } from './budget-queries';
import { countDemoSessions } from './demo-queries';
import * as events from './event-queries';
import type { Page, UsageSessionRanking } from './event-store';
import * as records from './record-queries';
import { sessionList } from './session-list-query';
import { defaultStatusClock, type StatusClock } from './session-status-sql';
import type { SqlSteps } from './sql-steps';
import type { StoreSql } from './store-sql';
import { topUsageSessions } from './usage-query';
import type { TokenMetric } from '#protocol/usage-metric';

/**
 * The reads (and the budget write) both stores answer with the same typed query
 * through their own Kysely instance: written here once, so a store class holds
 * only what differs between dialects (transactions, ingest, session upserts).
 */
export abstract class StoreReads {
  protected abstract readonly sql: StoreSql;

  /** Runs a read of several statements in one snapshot: every statement sees the same commit. */
  protected abstract readSnapshot<T>(steps: SqlSteps<T>): Promise<T>;

  listSessions(query: SessionListQuery, clock: StatusClock = defaultStatusClock()): Promise<SessionList> {
    return this.readSnapshot(sessionList(this.sql, query, clock));
  }

  headCursor(): Promise<number> {
    return events.headCursor(this.sql);
  }

  sessionEvents(sessionId: string, query: SessionEventsQuery): Promise<EventPage> {
    return events.sessionEvents(this.sql, sessionId, query);
  }

  eventsAfter(after: number, sessionIds: readonly string[] | null, limit: number): Promise<StoredEventRecord[]> {
    return events.eventsAfter(this.sql, after, sessionIds, limit);
  }

  tokenUsage(query: TokenUsageQuery): Promise<Page<TokenUsageRecord>> {
    return records.tokenUsage(this.sql, query);
  }

  rlmCompletions(query: RlmQuery): Promise<Page<RlmCompletionRecord>> {
    return records.rlmCompletions(this.sql, query);
  }

  compactions(query: CompactionQuery): Promise<Page<CompactionRecord>> {
    return records.compactions(this.sql, query);
  }

  rlmFallbacks(query: RlmFallbackQuery): Promise<Page<RlmFallbackRecord>> {
    return records.rlmFallbacks(this.sql, query);
  }

  rlmStats(query: AnalyticsQuery): Promise<RlmStats> {
    return analytics.rlmStats(this.sql, query);
  }

  compactionStats(query: AnalyticsQuery): Promise<CompactionStats> {
    return analytics.compactionStats(this.sql, query);
  }

  contextSeries(sessionId: string): Promise<ContextSeries> {
    return analytics.contextSeries(this.sql, sessionId);
  }

  budgets(): Promise<Record<string, Budget>> {
    return budgets(this.sql);
  }

  setBudget(sessionId: string, budget: Budget): Promise<void> {
    return setBudget(this.sql, sessionId, budget);
  }

  demoSessionCount(): Promise<number> {
    return countDemoSessions(this.sql);
  }

  topUsageSessions(query: UsageQuery, limit: number, metric: TokenMetric): Promise<UsageSessionRanking> {
    return topUsageSessions(this.sql, query, limit, metric);
  }
}
