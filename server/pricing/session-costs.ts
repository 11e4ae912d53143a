import type { SessionCost } from '#protocol/cost-schemas';
import type { SessionCostsQuery } from '#protocol/api-queries';
import type { EventStore } from '../store/event-store';
import type { Prices } from './prices';
import { addReportedCost } from '../store/usage-plan';
import { pricedUsage } from './priced-usage';
import { addCosts, noCost, type TokenCost } from './token-cost';

// Each session's whole cost, and how fast it is spending now.

const hourMs = 3_600_000;
/** The burn rate is the cost of this window, scaled to an hour. */
export const burnWindowMs = 15 * 60_000;

export interface WholeSessionCost extends TokenCost {
  /** Start of the last hour with usage. */
  lastHourMs: number;
  reportedCostUsd: number | null;
  usageReportCalls: number;
}

/**
 * Each session's whole cost: its hourly rollup, priced hour by hour. The one
 * definition of "what a session cost": `/session-costs` and the cost pushed with
 * every session summary (session-cost-book.ts) both come from here. Sessions
 * without usage are absent; `sessions` undefined prices every session, the built-in
 * demo's too unless `includeDemo` is false (a demo session's own cost is still its cost).
 */
export async function wholeSessionCosts(
  store: EventStore,
  prices: Prices,
  sessions: readonly string[] | undefined,
  includeDemo = true,
): Promise<Map<string, WholeSessionCost>> {
  const whole = await pricedUsage(store, prices, {
    session: sessions === undefined ? undefined : [...sessions],
    group_by: ['session'],
    bucket: hourMs,
    include_demo: includeDemo,
  });
  const costs = new Map<string, WholeSessionCost>();
  for (const row of whole.rows) {
    const id = row.session_id!;
    const seen = costs.get(id);
    costs.set(id, {
      ...addCosts(seen ?? noCost, row),
      lastHourMs: Math.max(seen?.lastHourMs ?? 0, row.bucket_start_ms!),
      reportedCostUsd: addReportedCost(seen?.reportedCostUsd ?? null, row.reported_cost_usd),
      usageReportCalls: (seen?.usageReportCalls ?? 0) + row.usage_report_calls,
    });
  }
  return costs;
}

/** `GET /api/v1/session-costs`: most recently active first. */
export async function sessionCosts(store: EventStore, prices: Prices, query: SessionCostsQuery, nowMs: number): Promise<SessionCost[]> {
  let sessions = query.session;
  if (query.active_since !== undefined) {
    const active = await store.usage({ from: query.active_since, session: sessions, group_by: ['session'], include_demo: query.include_demo });
    sessions = active.map((row) => row.session_id!);
    if (sessions.length === 0) return [];
  }

  // Every session's cost leaves the demo's out unless asked (`include_demo`); named sessions are what they are.
  const costs = await wholeSessionCosts(store, prices, sessions, query.include_demo === true);
  if (costs.size === 0) return [];

  const recent = await pricedUsage(store, prices, { session: [...costs.keys()], from: nowMs - burnWindowMs, group_by: ['session'] });
  const recentCost = new Map(recent.rows.map((row) => [row.session_id!, row.cost_usd]));
  const lastUsage = await lastUsageMs(store, costs);

  const result: SessionCost[] = [];
  for (const [sessionId, cost] of costs) {
    // Priced, but nothing in the window: it is spending nothing now, which is not "unknown".
    const recentUsd = recentCost.get(sessionId) ?? (cost.cost_usd === null ? null : 0);
    result.push({
      session_id: sessionId,
      cost_usd: cost.cost_usd,
      unpriced_tokens: cost.unpriced_tokens,
      burn_usd_per_h: recentUsd === null ? null : recentUsd * (hourMs / burnWindowMs),
      last_usage_ms: lastUsage.get(sessionId) ?? cost.lastHourMs,
      reported_cost_usd: cost.reportedCostUsd,
      usage_report_calls: cost.usageReportCalls,
    });
  }
  return result.sort((a, b) => b.last_usage_ms - a.last_usage_ms || (a.session_id < b.session_id ? -1 : 1));
}

/**
 * The start of the second of each session's last usage: second buckets inside its
 * last hour with usage (raw rows of that hour only; sessions sharing a last hour share a query).
 */
async function lastUsageMs(store: EventStore, sessions: Map<string, { lastHourMs: number }>): Promise<Map<string, number>> {
  const byHour = new Map<number, string[]>();
  for (const [id, { lastHourMs }] of sessions) byHour.set(lastHourMs, [...(byHour.get(lastHourMs) ?? []), id]);
  const last = new Map<string, number>();
  for (const [hour, ids] of byHour) {
    const rows = await store.usage({ session: ids, from: hour, to: hour + hourMs, group_by: ['session'], bucket: 1000 });
    for (const row of rows) last.set(row.session_id!, Math.max(last.get(row.session_id!) ?? 0, row.bucket_start_ms!));
  }
  return last;
}
