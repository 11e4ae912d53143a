import { z } from 'zod';
import {
  alertListQuerySchema,
  compactionQuerySchema,
  rlmFallbackQuerySchema,
  rlmQuerySchema,
  sessionEventSearchQuerySchema,
  sessionEventsQuerySchema,
  tokenUsageQuerySchema,
} from './api-queries';

// One paging convention for every list route of the read API: a reply's
// `next_cursor` (null on the last page) goes back as `cursor`, unchanged, for the
// next page; `order` (where a route offers both ways) says which way the listing
// runs, `asc` oldest first or `desc` newest first, and a page lists its items in
// that order. `GET /sessions` has always worked so (its cursor is opaque text).
//
// These are the query strings as the routes declare them. The store's queries
// (./api-queries.ts) still say `after` / `before`: each schema here translates,
// so the store and its contract suite need not know the wire changed.

/** A previous reply's `next_cursor`. */
const cursor = z.coerce.number().int().min(0).optional();
const order = z.enum(['asc', 'desc']).default('asc');

/**
 * The paging names before the one convention: refused with the name to use,
 * rather than ignored (an ignored `after` would re-read the first page forever).
 */
const retired = (name: 'after' | 'before') =>
  z.never({ error: `${name} is no longer taken: pass the previous reply's next_cursor as cursor` }).optional();

/** The store's direction-named bounds for `cursor` read in `order`. */
function storeBounds(order: 'asc' | 'desc', at: number | undefined): { after?: number; before?: number } {
  return order === 'asc' ? { after: at } : { before: at };
}

/** `?order=asc|desc&cursor=` over the record lists the dashboard pages newest first. */
function bothWays<Q extends { cursor?: number; order: 'asc' | 'desc'; after?: undefined; before?: undefined }>(query: Q) {
  const { cursor: at, after: _after, before: _before, ...rest } = query;
  return { ...rest, ...storeBounds(rest.order, at) };
}

const bothWaysPaging = { cursor, after: retired('after'), before: retired('before') };

/** `GET /api/v1/token-usage`: oldest first. */
export const tokenUsageRequestSchema = z
  .strictObject({ ...tokenUsageQuerySchema.shape, cursor, after: retired('after') })
  .transform(({ cursor: at, after: _after, ...rest }) => ({ ...rest, after: at }));

/** `GET /api/v1/rlm-completions`. */
export const rlmCompletionsRequestSchema = z.strictObject({ ...rlmQuerySchema.shape, ...bothWaysPaging }).transform(bothWays);
/** `GET /api/v1/rlm-fallbacks`. */
export const rlmFallbacksRequestSchema = z.strictObject({ ...rlmFallbackQuerySchema.shape, ...bothWaysPaging }).transform(bothWays);
/** `GET /api/v1/compactions`. */
export const compactionsRequestSchema = z.strictObject({ ...compactionQuerySchema.shape, ...bothWaysPaging }).transform(bothWays);

/**
 * `GET /api/v1/sessions/:id/events`: `order=desc` without a cursor is the newest
 * page (where a transcript is opened), each further one older.
 */
export const sessionEventsRequestSchema = z
  .strictObject({ type: sessionEventsQuerySchema.shape.type, limit: sessionEventsQuerySchema.shape.limit, order, ...bothWaysPaging })
  .transform(({ cursor: at, after: _after, before: _before, ...rest }) => ({
    ...rest,
    // The store reads backwards only below a bound: from the top, that is past every cursor.
    ...storeBounds(rest.order, rest.order === 'desc' ? (at ?? Number.MAX_SAFE_INTEGER) : at),
  }));

/** `GET /api/v1/sessions/:id/events/search`: always newest first. */
export const sessionEventSearchRequestSchema = z
  .strictObject({ ...sessionEventSearchQuerySchema.shape, cursor, before: retired('before') })
  .transform(({ cursor: at, before: _before, ...rest }) => ({ ...rest, before: at }));

/** `GET /api/v1/alerts`: always newest first. */
export const alertListRequestSchema = z
  .strictObject({ ...alertListQuerySchema.shape, cursor, before: retired('before') })
  .transform(({ cursor: at, before: _before, ...rest }) => ({ ...rest, before: at }));
