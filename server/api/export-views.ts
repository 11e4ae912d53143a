import type { z } from 'zod';
import { compactionRecordSchema, rlmCompletionRecordSchema, rlmFallbackRecordSchema, tokenUsageRecordSchema } from '#protocol/api-schemas';
import { usageRowSchema } from '#protocol/cost-schemas';
import {
  compactionQuerySchema,
  exportFormatSchema,
  rlmFallbackQuerySchema,
  rlmQuerySchema,
  tokenUsageQuerySchema,
  usageRowsQuerySchema,
  type ExportFormat,
  type ExportView,
  type TokenUsageQuery,
  type UsageQuery,
} from '#protocol/api-queries';
import type { PriceSource } from '../pricing/price-source';
import { priceTokenUsageRecord, pricedUsage } from '../pricing/priced-usage';
import type { EventStore, Page } from '../store/event-store';
import { exportColumns } from './export-values';
import { parseQuery } from './parse-request';

// What each export view streams: its filters (the view's own query minus paging,
// plus `format`), its columns (the record schema's fields, in order) and its rows,
// read from the store page by page. Costs come from server/pricing, like the API's.

export type ExportRecord = Record<string, unknown>;

/** A validated export, ready to stream. */
export interface ExportPlan {
  format: ExportFormat;
  from?: number;
  to?: number;
  columns: readonly string[];
  /** The rows, a store page at a time: read lazily, so a slow reader holds back the store reads. */
  pages: AsyncIterable<ExportRecord[]>;
}

export interface ExportSources {
  store: EventStore;
  prices: PriceSource;
}

export interface ExportViewDefinition {
  /** Parses the query string (the view's own filters); a bad one throws InvalidQueryError, answered 400 naming the parameter. */
  plan(sources: ExportSources, query: unknown): ExportPlan;
}

/** Rows per store read: one page in memory at a time, however large the export. */
export const exportPageSize = 500;

interface ExportFilters {
  format: ExportFormat;
  from?: number;
  to?: number;
}

function defineView<S extends z.ZodType<ExportFilters>>(
  schema: S,
  columns: readonly string[] | ((filters: z.infer<S>) => readonly string[]),
  pages: (sources: ExportSources, filters: z.infer<S>) => AsyncIterable<ExportRecord[]>,
): ExportViewDefinition {
  return {
    plan(sources, query) {
      const filters = parseQuery(schema, query);
      return {
        format: filters.format,
        from: filters.from,
        to: filters.to,
        columns: exportColumns(typeof columns === 'function' ? columns(filters) : columns),
        pages: pages(sources, filters),
      };
    },
  };
}

/** Every page of a cursor-paged store read, following `next_cursor` until the last one. */
export async function* pagedRecords<F extends object, T extends { cursor: number }>(
  read: (query: F & { after?: number; limit: number }) => Promise<Page<T>>,
  filters: F,
): AsyncGenerator<T[]> {
  let after: number | undefined;
  for (;;) {
    const page = await read({ ...filters, ...(after === undefined ? {} : { after }), limit: exportPageSize });
    if (page.records.length > 0) yield page.records;
    if (page.next_cursor === null) return;
    after = page.next_cursor;
  }
}

/** Each token_usage record with its cost at its own time; one Prices for the whole export, so it is consistent. */
async function* pricedTokenUsage(sources: ExportSources, filters: Omit<TokenUsageQuery, 'after' | 'limit'>): AsyncGenerator<ExportRecord[]> {
  const prices = sources.prices.current();
  for await (const records of pagedRecords((q) => sources.store.tokenUsage(q), filters)) {
    yield records.map((record) => ({ ...record, cost_usd: priceTokenUsageRecord(prices, record).cost_usd }));
  }
}

/** The priced usage aggregate, exactly as `GET /api/v1/usage` answers it, in page-sized chunks. */
async function* pricedUsageRows(sources: ExportSources, query: UsageQuery): AsyncGenerator<ExportRecord[]> {
  const { rows } = await pricedUsage(sources.store, sources.prices.current(), query);
  for (let i = 0; i < rows.length; i += exportPageSize) yield rows.slice(i, i + exportPageSize);
}

/** The usage row's columns that the query fills: the bucket and group keys asked for, then every sum. */
function usageColumns(query: UsageQuery): string[] {
  const groups = new Set(query.group_by ?? []);
  const optional: Record<string, boolean> = {
    bucket_start_ms: query.bucket !== undefined,
    source: groups.has('source'),
    model: groups.has('model'),
    session_id: groups.has('session'),
    agent: groups.has('agent'),
    label: groups.has('label'),
    session_title: groups.has('session'),
    session_agent: groups.has('session'),
    session_producer: groups.has('session'),
  };
  return columnsOf(usageRowSchema).filter((column) => optional[column] ?? true);
}

const withoutPaging = { after: true, limit: true } as const;
/** The record lists the dashboard pages newest first: an export reads them in cursor order, every page. */
const withoutRecordPaging = { ...withoutPaging, before: true, order: true } as const;
const columnsOf = (schema: z.ZodObject) => Object.keys(schema.shape);

export const exportViewDefinitions: Record<ExportView, ExportViewDefinition> = {
  usage: defineView(usageRowsQuerySchema.extend({ format: exportFormatSchema }), usageColumns, (sources, filters) =>
    pricedUsageRows(sources, filters),
  ),
  'token-usage': defineView(
    tokenUsageQuerySchema.omit(withoutPaging).extend({ format: exportFormatSchema }),
    [...columnsOf(tokenUsageRecordSchema), 'cost_usd'],
    (sources, filters) => pricedTokenUsage(sources, filters),
  ),
  'rlm-completions': defineView(
    rlmQuerySchema.omit(withoutRecordPaging).extend({ format: exportFormatSchema }),
    columnsOf(rlmCompletionRecordSchema),
    ({ store }, filters) => pagedRecords((q) => store.rlmCompletions({ ...q, order: 'asc' }), filters),
  ),
  'rlm-fallbacks': defineView(
    rlmFallbackQuerySchema.omit(withoutRecordPaging).extend({ format: exportFormatSchema }),
    columnsOf(rlmFallbackRecordSchema),
    ({ store }, filters) => pagedRecords((q) => store.rlmFallbacks({ ...q, order: 'asc' }), filters),
  ),
  compactions: defineView(
    compactionQuerySchema.omit(withoutRecordPaging).extend({ format: exportFormatSchema }),
    columnsOf(compactionRecordSchema),
    ({ store }, filters) => pagedRecords((q) => store.compactions({ ...q, order: 'asc' }), filters),
  ),
};
