import type { TokenUsageRecord } from '#protocol/api-schemas';
import type { PriceRule, UsageReply, UsageRow } from '#protocol/cost-schemas';
import type { UsageQuery } from '#protocol/api-queries';
import { metricValue, type TokenMetric, type UsageMetric } from '#protocol/usage-metric';
import { addReportedCost } from '../store/usage-plan';
import type { EventStore, UsageTotalsRow } from '../store/event-store';
import type { Prices } from './prices';
import { addAmounts, cacheCostOf, costOf, noCost, type TokenCost } from './token-cost';

// The usage API with prices. The store sums tokens; prices change over time (the
// overrides' effective dates, the catalogue's own), so the store is asked for rows
// per model and per fine bucket, each priced at its bucket's start, then summed
// back up to the grouping that was asked for.

const hourMs = 3_600_000;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The bucket prices are applied at: an hour (the rollup's width), or finer when the
 * requested bucket is not a whole number of hours, so every fine bucket lies inside
 * exactly one requested bucket.
 */
export const pricingBucketMs = (requested: number | undefined): number => (requested === undefined ? hourMs : gcd(requested, hourMs));

/** Prices one token_usage record at its own time. */
export function priceTokenUsageRecord(prices: Prices, record: TokenUsageRecord): TokenCost & { rule: PriceRule } {
  const rule = prices.ruleAt(record.model, record.ts_ms);
  return { ...costOf(record, rule), rule };
}

/**
 * Prices store rows that carry `model` and `bucket_start_ms` (each at its bucket's
 * start) and adds the rule used to `rulesUsed`.
 */
export function priceUsageRow(prices: Prices, row: UsageTotalsRow, rulesUsed?: Set<PriceRule>): UsageRow {
  if (row.model === undefined || row.bucket_start_ms === undefined) {
    throw new Error('priceUsageRow needs rows grouped by model and bucketed (see pricedUsage)');
  }
  const rule = prices.ruleAt(row.model, row.bucket_start_ms);
  rulesUsed?.add(rule);
  return { ...row, ...costOf(row, rule), ...cacheCostOf(row, rule) };
}

/** `GET /api/v1/usage`: the store's sums for `query`, priced, with the rules that applied; with `limit`, only the top rows. */
export async function pricedUsage(store: EventStore, prices: Prices, query: UsageQuery): Promise<UsageReply> {
  const { limit, order_by: metric = 'total', ...rowsQuery } = query;
  if (limit === undefined) return pricedRows(store, prices, rowsQuery);
  if (metric !== 'cost' && rowsQuery.group_by?.length === 1 && rowsQuery.group_by[0] === 'session') return topSessions(store, prices, rowsQuery, limit, metric);
  const all = await pricedRows(store, prices, rowsQuery);
  return { ...topRows(all.rows, limit, metric), prices: all.prices };
}

/**
 * A fleet by session, limited, ranked by tokens: the store ranks the sessions, only the
 * top ones' rows are read and priced, and the total is every row priced by model and
 * hour (a few rows an hour). Over 20,000 sessions the whole table was most of a read.
 */
async function topSessions(store: EventStore, prices: Prices, query: UsageQuery, limit: number, metric: TokenMetric): Promise<UsageReply> {
  const ranking = await store.topUsageSessions(query, limit, metric);
  const whole = await pricedRows(store, prices, { ...query, group_by: [] });
  const top = ranking.sessionIds.length === 0 ? [] : (await pricedRows(store, prices, { ...query, session: ranking.sessionIds })).rows;
  return { rows: rankRows(top, metric), total: whole.rows[0] ?? emptyUsageRow(), groups: ranking.sessions, prices: whole.prices };
}

/** The store's sums for `query`, priced, with the rules that applied. */
async function pricedRows(store: EventStore, prices: Prices, query: UsageQuery): Promise<UsageReply> {
  const fineBucket = pricingBucketMs(query.bucket);
  const groups = new Set(query.group_by ?? []);
  const fineRows = await store.usage({ ...query, bucket: fineBucket, group_by: [...groups, 'model'] });
  const rulesUsed = new Set<PriceRule>();
  if (query.bucket === fineBucket && groups.has('model')) {
    // Asked at the pricing grain (hourly by model, say): the store's rows and order are the reply's.
    const rows = fineRows as UsageRow[];
    for (const row of rows) {
      const rule = prices.ruleAt(row.model!, row.bucket_start_ms!);
      rulesUsed.add(rule);
      const cost = costOf(row, rule);
      row.cost_usd = cost.cost_usd;
      row.unpriced_tokens = cost.unpriced_tokens;
      Object.assign(row, cacheCostOf(row, rule));
    }
    return { rows, prices: [...rulesUsed].sort(compareRules) };
  }
  // Summed in place, one object per reply row: on 2,000 sessions, copying each fine row into a
  // priced row and a projected row first was most of the request's time.
  const totals = new Map<string, UsageRow>();
  const bucket = query.bucket;
  for (const fine of fineRows) {
    const rule = prices.ruleAt(fine.model!, fine.bucket_start_ms!);
    rulesUsed.add(rule);
    const bucketStart = bucket === undefined ? undefined : Math.floor(fine.bucket_start_ms! / bucket) * bucket;
    const source = groups.has('source') ? fine.source : undefined;
    const model = groups.has('model') ? fine.model : undefined;
    const sessionId = groups.has('session') ? fine.session_id : undefined;
    const agent = groups.has('agent') ? (fine.agent ?? null) : undefined;
    const label = groups.has('label') ? (fine.label ?? null) : undefined;
    const key = `${bucketStart}\u0000${source}\u0000${model}\u0000${sessionId}\u0000${agent}\u0000${label}`;
    let total = totals.get(key);
    if (total === undefined) {
      total = {
        ...(bucketStart === undefined ? {} : { bucket_start_ms: bucketStart }),
        ...(groups.has('source') ? { source } : {}),
        ...(groups.has('model') ? { model } : {}),
        ...(groups.has('session') ? { session_id: sessionId } : {}),
        ...(groups.has('agent') ? { agent } : {}),
        ...(groups.has('label') ? { label } : {}),
        // Every fine row of a session carries the same names (the store joins them per session).
        ...(groups.has('session') ? { session_title: fine.session_title ?? null, session_agent: fine.session_agent ?? null, session_producer: fine.session_producer ?? null } : {}),
        ...emptyUsageRow(),
      };
      totals.set(key, total);
    }
    addUsage(total, fine, costOf(fine, rule), cacheCostOf(fine, rule));
  }
  return { rows: [...totals.values()].sort(compareUsageRows), prices: [...rulesUsed].sort(compareRules) };
}

type CacheCost = Pick<UsageRow, 'cache_read_cost_usd' | 'cache_write_cost_usd'>;

/** Adds one row's tokens, calls and costs (priced apart, for fine rows) into `total`. */
function addUsage(total: UsageRow, tokens: UsageTotalsRow, cost: TokenCost, cache: CacheCost): void {
  total.prompt_tokens += tokens.prompt_tokens;
  total.completion_tokens += tokens.completion_tokens;
  total.cache_read_tokens += tokens.cache_read_tokens;
  total.cache_write_tokens += tokens.cache_write_tokens;
  total.calls += tokens.calls;
  total.usage_report_calls += tokens.usage_report_calls;
  total.reported_cost_usd = addReportedCost(total.reported_cost_usd, tokens.reported_cost_usd);
  total.cost_usd = addAmounts(total.cost_usd, cost.cost_usd);
  total.unpriced_tokens += cost.unpriced_tokens;
  total.cache_read_cost_usd = addAmounts(total.cache_read_cost_usd ?? null, cache.cache_read_cost_usd ?? null);
  total.cache_write_cost_usd = addAmounts(total.cache_write_cost_usd ?? null, cache.cache_write_cost_usd ?? null);
}

/**
 * The first `limit` rows by `metric`, largest first (ties keep the store's order, as the
 * Cost page sorts them), with every row summed and how many there are: a page over a
 * fleet reads hundreds of rows, not every session's.
 */
export function topRows(rows: readonly UsageRow[], limit: number, metric: UsageMetric): Pick<UsageReply, 'rows' | 'total' | 'groups'> {
  const total = emptyUsageRow();
  for (const row of rows) addUsage(total, row, row, row);
  return { rows: rankRows(rows, metric).slice(0, limit), total, groups: rows.length };
}

/** Largest by `metric` first; Array.prototype.sort is stable, so equal figures keep the store's order (the store's ranking's too). */
const rankRows = (rows: readonly UsageRow[], metric: UsageMetric): UsageRow[] => [...rows].sort((a, b) => metricValue(b, metric) - metricValue(a, metric));

function emptyUsageRow(): UsageRow {
  return {
    prompt_tokens: 0,
    completion_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    calls: 0,
    usage_report_calls: 0,
    reported_cost_usd: null,
    ...noCost,
    cache_read_cost_usd: null,
    cache_write_cost_usd: null,
  };
}

const text = (value: string | null | undefined) => value ?? '';

/** The store's order: bucket, then most tokens first, then the group keys (a null agent first). */
export function compareUsageRows(a: UsageRow, b: UsageRow): number {
  return (
    (a.bucket_start_ms ?? 0) - (b.bucket_start_ms ?? 0) ||
    b.prompt_tokens + b.completion_tokens - (a.prompt_tokens + a.completion_tokens) ||
    compareText(text(a.source), text(b.source)) ||
    compareText(text(a.model), text(b.model)) ||
    compareText(text(a.session_id), text(b.session_id)) ||
    (a.agent === null ? -1 : 0) - (b.agent === null ? -1 : 0) ||
    compareText(text(a.agent), text(b.agent)) ||
    (a.label === null ? -1 : 0) - (b.label === null ? -1 : 0) ||
    compareText(text(a.label), text(b.label))
  );
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const fromMs = (rule: PriceRule) => rule.effective_from_ms ?? Number.MIN_SAFE_INTEGER;
const compareRules = (a: PriceRule, b: PriceRule) => compareText(a.model, b.model) || fromMs(a) - fromMs(b);
