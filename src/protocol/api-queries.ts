import { z } from 'zod';
import { decodeSessionCursor } from './session-cursor';
import { DEFAULT_STALLED_AFTER_MS, operatorStatusKinds, type OperatorStatusKind } from './session-status';
import { alertKindSchema } from './alert-schemas';
import { tokenSourceSchema } from './event-schemas';
import { USAGE_LIMIT_MAX, usageGroupKeys } from './usage-grouping';
import { usageMetrics } from './usage-metric';

// Query-string shapes of the read API. The server validates with them, the SPA
// types its URLs with them. Numbers arrive as strings, hence the coercions.
// The paged lists' `after` / `before` below are the store's bounds: on the wire
// every list pages with `cursor` (and `order`), translated by ./api-paging.ts.

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const cursor = z.coerce.number().int().min(0);
/**
 * A point in time: Unix milliseconds, or an RFC 3339 timestamp with its offset
 * (`2026-12-03T16:00:00Z`, `…+01:00`) as event `ts` accepts; milliseconds once parsed.
 */
const timeMs = z.union([z.coerce.number().int().min(0), z.iso.datetime({ offset: true, local: false }).transform((text) => Date.parse(text))], {
  error: 'expected Unix milliseconds or an RFC 3339 timestamp such as 2026-12-03T16:00:00Z',
});
/** A comma-separated list in one parameter: `?source=root,rlm_subcall`. */
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).min(1));

/**
 * `include_demo=true`: keep the built-in demo's sessions (src/protocol/demo-producer.ts)
 * in cost totals, records and analytics, which leave them out by default. Naming
 * sessions (`session=`) keeps them too.
 */
const includeDemo = z.enum(['true', 'false']).transform((v) => v === 'true').optional();

export const sessionSortKeys = ['last_seen', 'first_seen', 'title', 'status', 'tokens', 'events', 'cost', 'agent', 'model'] as const;

/** What `?status=` takes: an operator status kind as the UI shows it, or `active` (every kind not ended and not abandoned). */
export const sessionStatusFilters = [...operatorStatusKinds, 'active'] as const;
export type SessionStatusFilter = OperatorStatusKind | 'active';
const statusFilterNames: ReadonlySet<string> = new Set(sessionStatusFilters);

export const sessionListQuerySchema = z.strictObject({
  status: csv(
    z.string().refine((name) => statusFilterNames.has(name), {
      error: (issue) => `unknown status ${JSON.stringify(issue.input)} (one of ${sessionStatusFilters.join(', ')})`,
    }),
  )
    .transform((names) => names as SessionStatusFilter[])
    .optional(),
  /** Title or session id substring, case-insensitive. */
  q: z.string().max(200).optional(),
  agent: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  producer: z.string().max(200).optional(),
  /** Bounds on `last_seen_ms`: from inclusive, to exclusive. */
  from: timeMs.optional(),
  to: timeMs.optional(),
  sort: z.enum(sessionSortKeys).default('last_seen'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: limit(500, 100),
  /** A previous reply's `next_cursor` (opaque; keyset paging). */
  cursor: z
    .string()
    .max(2000)
    .refine((value) => decodeSessionCursor(value) !== null, { error: 'malformed cursor: pass a next_cursor as it came' })
    .optional(),
  /** Kept for old clients; `cursor` is stable under inserts, offsets are not. */
  offset: z.coerce.number().int().min(0).default(0),
  /** The caller's stalled threshold (the browser's setting). The abandoned one is the server's. */
  stalled_after_ms: z.coerce.number().int().min(0).max(7 * 86_400_000).default(DEFAULT_STALLED_AFTER_MS),
}).superRefine((query, ctx) => {
  const cursor = query.cursor === undefined ? null : decodeSessionCursor(query.cursor);
  if (cursor !== null && (cursor.sort !== query.sort || cursor.order !== query.order)) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: `cursor was made for sort=${cursor.sort}&order=${cursor.order}` });
  }
});
export type SessionListQuery = z.infer<typeof sessionListQuerySchema>;

export const sessionEventsQuerySchema = z.strictObject({
  /** Events with a cursor greater than this (forward paging). */
  after: cursor.optional(),
  /** Events with a cursor less than this, newest first in the page but returned in order (backward paging). */
  before: cursor.optional(),
  type: csv(z.string()).optional(),
  limit: limit(1000, 200),
});
export type SessionEventsQuery = z.infer<typeof sessionEventsQuerySchema>;

/**
 * `GET /api/v1/sessions/:id/events/search`: the session's stored events whose
 * values contain `q` (any case; `%`, `_` and quotes are plain characters), of
 * the given types and classes, newest first; `before` continues an earlier answer.
 */
export const sessionEventSearchQuerySchema = z.strictObject({
  q: z.string().max(500).optional(),
  type: csv(z.string().max(100)).optional(),
  class: csv(z.enum(['durable', 'history', 'ephemeral'])).optional(),
  /** Search events older than this cursor: the previous answer's `next_cursor`. */
  before: cursor.optional(),
  /** Most matches in one answer. */
  limit: limit(200, 50),
});
export type SessionEventSearchQuery = z.infer<typeof sessionEventSearchQuerySchema>;

const recordFilters = {
  session: z.string().max(128).optional(),
  from: timeMs.optional(),
  to: timeMs.optional(),
  after: cursor.optional(),
  limit: limit(5000, 500),
  include_demo: includeDemo,
};

/** Raw token-usage records take the usage aggregate's filters (each a comma list), so an export can follow any view of it. */
export const tokenUsageQuerySchema = z.strictObject({
  ...recordFilters,
  session: csv(z.string().max(128)).optional(),
  source: csv(tokenSourceSchema).optional(),
  model: csv(z.string().max(200)).optional(),
  agent: csv(z.string().max(200)).optional(),
  label: csv(z.string().max(128)).optional(),
});
export type TokenUsageQuery = z.infer<typeof tokenUsageQuerySchema>;

/** `1m`, `15m`, `1h`, `1d` or a number of milliseconds. */
export const bucketSchema = z
  .string()
  .regex(/^(\d+)(ms|s|m|h|d)?$/, 'expected a bucket such as 1m, 15m, 1h, 1d or milliseconds')
  .transform((s) => {
    const [, n, unit] = /^(\d+)(ms|s|m|h|d)?$/.exec(s)!;
    const scale = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[(unit ?? 'ms') as 'ms'];
    return Number(n) * scale;
  })
  .pipe(z.number().int().min(1000, 'bucket must be at least 1s'));

/** Filters shared by the usage aggregate, its export and the per-session costs: each a comma-separated list. */
const usageFilters = {
  from: timeMs.optional(),
  to: timeMs.optional(),
  session: csv(z.string().max(128)).optional(),
  source: csv(tokenSourceSchema).optional(),
  model: csv(z.string().max(200)).optional(),
  agent: csv(z.string().max(200)).optional(),
  /** token_usage `label`s (the producer's own names for the calls' sources). */
  label: csv(z.string().max(128)).optional(),
  include_demo: includeDemo,
};

/** How many rows a limited usage reply may ask for. */
const usageLimitSchema = z.coerce.number().int().min(1).max(USAGE_LIMIT_MAX);

/** Every row of the usage sums: the export's query (./export-views.ts on the server adds its format). */
export const usageRowsQuerySchema = z.strictObject({
  group_by: csv(z.enum(usageGroupKeys)).optional(),
  bucket: bucketSchema.optional(),
  ...usageFilters,
});

/** `GET /api/v1/usage`: the sums, or only the top of them. */
export const usageQuerySchema = usageRowsQuerySchema
  .extend({
    /**
     * Only the first `limit` rows by `order_by` (largest first), with `total` (every row
     * summed) and `groups` (how many rows there are) beside them: grouped by session, a
     * fleet has tens of thousands of rows, and a page shows the top of them.
     */
    limit: usageLimitSchema.optional(),
    order_by: z.enum(usageMetrics).optional(),
  })
  .refine((query) => query.limit === undefined || query.bucket === undefined, {
    error: 'limit ranks whole rows: it cannot be combined with bucket',
    path: ['limit'],
  });
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/**
 * The typed record lists the dashboard shows newest first: `order=desc` reads
 * back from `before`, `order=asc` (the default, as exports read them) forward
 * from `after`. The routes take one `cursor` for both (./api-paging.ts).
 */
const newestFirstPaging = {
  order: z.enum(['asc', 'desc']).default('asc'),
  before: cursor.optional(),
};

export const rlmQuerySchema = z.strictObject({ ...recordFilters, ...newestFirstPaging });
export type RlmQuery = z.infer<typeof rlmQuerySchema>;

export const compactionQuerySchema = z.strictObject({ ...recordFilters, ...newestFirstPaging, trace: z.string().max(200).optional() });
export type CompactionQuery = z.infer<typeof compactionQuerySchema>;

/** `GET /api/v1/session-costs`: each session's whole cost so far, and its recent burn rate. */
export const sessionCostsQuerySchema = z.strictObject({
  session: csv(z.string().max(128)).optional(),
  /** Only sessions with usage at or after this time (ms); without it, every session. */
  active_since: timeMs.optional(),
  include_demo: includeDemo,
});
export type SessionCostsQuery = z.infer<typeof sessionCostsQuerySchema>;

/** RLM and compaction analytics over a time range: `GET /api/v1/rlm/stats`, `GET /api/v1/compactions/stats`. */
export const analyticsQuerySchema = z.strictObject({
  from: timeMs.optional(),
  to: timeMs.optional(),
  bucket: bucketSchema.optional(),
  session: csv(z.string().max(128)).optional(),
  include_demo: includeDemo,
});
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

export const rlmFallbackQuerySchema = z.strictObject({ ...recordFilters, ...newestFirstPaging });
export type RlmFallbackQuery = z.infer<typeof rlmFallbackQuerySchema>;

export const exportFormats = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof exportFormats)[number];
/** What `GET /api/v1/export/:view` can stream; the filters are the view's own query minus paging. */
export const exportViews = ['usage', 'token-usage', 'rlm-completions', 'rlm-fallbacks', 'compactions'] as const;
export type ExportView = (typeof exportViews)[number];
export const exportFormatSchema = z.enum(exportFormats).default('csv');

/** `GET /api/v1/alerts`: newest first, filtered; `before` pages back (the previous page's `next_cursor`). */
export const alertListQuerySchema = z.strictObject({
  kind: csv(alertKindSchema).optional(),
  session: z.string().max(128).optional(),
  /** Only alerts fired at or after this time (ms). */
  since: timeMs.optional(),
  /** `true`: only alerts nobody has acknowledged. */
  unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  before: cursor.optional(),
  limit: limit(500, 50),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;
