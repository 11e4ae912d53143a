import { deriveStatus, isActiveStatus, operatorStatusKinds, type LiveStatusFacts, type OperatorStatus, type OperatorStatusKind } from '../../../lib/session-status';
import type { StatusThresholds } from '../../../lib/status-thresholds';
import type { SessionSummary } from '../../../protocol/api-schemas';
import { estimateFraction } from '../../../protocol/derived';
import type { OverviewParams, OverviewSortKey } from './overview-params';

export interface OverviewRow {
  summary: SessionSummary;
  status: OperatorStatus;
}

const statusRank = new Map(operatorStatusKinds.map((kind, index) => [kind, index]));

export function tokensOf(summary: SessionSummary): number {
  let total = 0;
  for (const totals of Object.values(summary.tokens_by_source)) total += totals.prompt_tokens + totals.completion_tokens;
  return total;
}

const sortValue: Record<OverviewSortKey, (row: OverviewRow, nowMs: number) => number | string> = {
  title: (r) => (r.summary.title?.trim() || r.summary.session_id).toLowerCase(),
  agent: (r) => (r.summary.agent ?? '').toLowerCase(),
  model: (r) => (r.summary.model ?? '').toLowerCase(),
  status: (r) => statusRank.get(r.status.kind) ?? 99,
  context: (r) => (r.summary.last_estimate ? estimateFraction(r.summary.last_estimate) : -1),
  tokens: (r) => tokensOf(r.summary),
  age: (r, now) => now - r.summary.first_seen_ms,
  last: (r) => r.summary.last_seen_ms,
};

function matchesText(summary: SessionSummary, q: string): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return [summary.title, summary.session_id, summary.agent, summary.model].some((field) => field?.toLowerCase().includes(needle));
}

/**
 * The overview's rows: each summary with its derived status, filtered by text
 * and status, sorted by the chosen column (ties by id, so rows do not swap on
 * every tick), with a count per status and of the active ones (not ended, not
 * abandoned) among those the text matches. Pure.
 */
export function overviewRows(
  summaries: readonly SessionSummary[],
  facts: ReadonlyMap<string, LiveStatusFacts>,
  params: OverviewParams,
  nowMs: number,
  thresholds: Partial<StatusThresholds> = {},
): { rows: OverviewRow[]; countsByStatus: Record<OperatorStatusKind, number>; activeCount: number } {
  const countsByStatus = Object.fromEntries(operatorStatusKinds.map((k) => [k, 0])) as Record<OperatorStatusKind, number>;
  let activeCount = 0;
  const rows: OverviewRow[] = [];
  for (const summary of summaries) {
    if (!matchesText(summary, params.q.trim())) continue;
    const status = deriveStatus({ summary, live: facts.get(summary.session_id) ?? null, nowMs, ...thresholds });
    countsByStatus[status.kind] += 1;
    if (isActiveStatus(status.kind)) activeCount += 1;
    if (params.status.length === 0 || params.status.includes(status.kind)) rows.push({ summary, status });
  }
  const value = sortValue[params.sort];
  const direction = params.order === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const x = value(a, nowMs);
    const y = value(b, nowMs);
    if (x < y) return -direction;
    if (x > y) return direction;
    return a.summary.session_id < b.summary.session_id ? -1 : 1;
  });
  return { rows, countsByStatus, activeCount };
}
