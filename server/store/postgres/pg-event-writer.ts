import type pg from 'pg';
import type { UsageOrigin } from '#protocol/api-schemas';
import type { KnownSessionEvent } from '#protocol/event-schemas';
import type { IngestItem } from '../../ingest/ingest-item';
import { BatchUsageOrigins } from '../usage-origin';
import { addReportedCost } from '../usage-plan';
import { withdrawReports } from '../report-withdrawal';
import type { StoreSql } from '../store-sql';
import { runStepsOn } from './pg-kysely';
import { ColumnBuffer, pgText, unnestInsertSql, type ArrayColumn } from './pg-sql';
import { rollupHourOf, typedRowOf, type TypedRow } from '../typed-rows';

// The write half of a PostgreSQL ingest: a batch's stored events, their typed rows
// and their share of the hourly rollups, each table in one statement. Runs inside
// the batch's transaction, which holds the ingest lock (see postgres-store.ts).

const text = (name: string): ArrayColumn => ({ name, type: 'text' });
const bigint = (name: string): ArrayColumn => ({ name, type: 'bigint' });
const float8 = (name: string): ArrayColumn => ({ name, type: 'float8' });
const recordColumns = [bigint('cursor'), text('session_id'), bigint('seq'), bigint('ts_ms')];

/**
 * The events' JSON arrives as one text, one event a line, split by the server: as a
 * text[] every quote in it would be escaped by the client and unescaped by the
 * server, which measured at twice the cost of the whole rest of the statement.
 * JSON.stringify never writes a raw line break, so the split is exact.
 */
const insertEventsSql = `
INSERT INTO events (session_id, seq, ts_ms, type, json)
SELECT session_id, seq, ts_ms, type, json
FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], string_to_array($5, E'\\n'))
  WITH ORDINALITY AS u(session_id, seq, ts_ms, type, json, ord)
ORDER BY ord
ON CONFLICT (session_id, seq) DO NOTHING
RETURNING cursor, session_id, seq`;

const tokenColumns = ['prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_write_tokens', 'calls', 'usage_report_calls'];
// The reported cost stays NULL only while neither side reported one.
const addTokens = [
  ...tokenColumns.map((c) => `${c} = t.${c} + excluded.${c}`),
  'reported_cost_usd = CASE WHEN t.reported_cost_usd IS NULL THEN excluded.reported_cost_usd ' +
    'WHEN excluded.reported_cost_usd IS NULL THEN t.reported_cost_usd ELSE t.reported_cost_usd + excluded.reported_cost_usd END',
].join(', ');
const rollupSums = [...tokenColumns.map(bigint), float8('reported_cost_usd')];
const upsertHourlySql = unnestInsertSql(
  'usage_hourly AS t',
  [bigint('hour_ms'), text('source'), text('model'), text('session_id'), ...rollupSums],
  ` ON CONFLICT (hour_ms, source, model, session_id) DO UPDATE SET ${addTokens}`,
);
const upsertModelHourlySql = unnestInsertSql(
  'usage_model_hourly AS t',
  [bigint('hour_ms'), text('source'), text('model'), ...rollupSums],
  ` ON CONFLICT (hour_ms, source, model) DO UPDATE SET ${addTokens}`,
);

/** One rollup row being summed in memory: the group key's parts, then the sums (the reported cost may be null). */
type RollupRow = [hourMs: number, source: string, model: string, ...rest: (string | number | null)[]];

/** A batch's typed rows, gathered per table and written once each. */
class TypedRows {
  readonly tokenUsage = new ColumnBuffer('token_usage', [
    ...recordColumns, text('source'), text('model'), bigint('prompt_tokens'), bigint('completion_tokens'),
    bigint('cache_read_tokens'), bigint('cache_write_tokens'), float8('duration_ms'), text('origin'), text('label'),
    float8('reported_cost_usd'),
  ]);
  readonly rlmCompletions = new ColumnBuffer('rlm_completions', [
    ...recordColumns, text('trace_id'), text('outcome'), bigint('iterations'), bigint('subcalls'), bigint('input_tokens'),
    bigint('output_tokens'), float8('elapsed_ms'), text('reason'), text('root_model'), text('subcall_model_used'),
  ]);
  readonly compactions = new ColumnBuffer('compactions', [
    ...recordColumns, text('trace_id'), text('kind'), text('reason'), text('strategy'), bigint('before_tokens'),
    bigint('after_tokens'), bigint('budget'), bigint('kept_messages'), bigint('dropped_tokens'), text('archive_ref'),
  ]);
  readonly rlmFallbacks = new ColumnBuffer('rlm_fallbacks', [...recordColumns, text('requested_model'), text('fallback_model'), text('reason')]);
  /** The batch's token usage per (hour, source, model, session): one row per group, not per event. */
  readonly hourly = new Map<string, RollupRow>();
  readonly modelHourly = new Map<string, RollupRow>();

  /** `demoSessions`: the batch's demo sessions, whose usage stays out of usage_model_hourly (../demo-sessions.ts). */
  constructor(private readonly demoSessions: ReadonlySet<string>) {}

  /** Queues a typed row (../typed-rows.ts); a withdrawal its usage asks for is the caller's, before this. */
  add(typed: TypedRow): void {
    switch (typed.table) {
      case 'token_usage': {
        const r = typed.row;
        this.tokenUsage.add(
          r.cursor, r.session_id, r.seq, r.ts_ms, r.source, r.model, r.prompt_tokens, r.completion_tokens, r.cache_read_tokens,
          r.cache_write_tokens, r.duration_ms, r.origin, r.label, r.reported_cost_usd,
        );
        const sums = [r.prompt_tokens, r.completion_tokens, r.cache_read_tokens, r.cache_write_tokens, 1, r.origin === 'usage_report' ? 1 : 0, r.reported_cost_usd];
        const hour = rollupHourOf(r.ts_ms);
        const model = pgText(r.model);
        sumInto(this.hourly, [hour, r.source, model, r.session_id], sums);
        if (!this.demoSessions.has(r.session_id)) sumInto(this.modelHourly, [hour, r.source, model], sums);
        break;
      }
      case 'rlm_completions': {
        const r = typed.row;
        this.rlmCompletions.add(
          r.cursor, r.session_id, r.seq, r.ts_ms, r.trace_id, r.outcome, r.iterations, r.subcalls, r.input_tokens, r.output_tokens,
          r.elapsed_ms, r.reason, r.root_model, r.subcall_model_used,
        );
        break;
      }
      case 'compactions': {
        const r = typed.row;
        this.compactions.add(
          r.cursor, r.session_id, r.seq, r.ts_ms, r.trace_id, r.kind, r.reason, r.strategy, r.before_tokens, r.after_tokens, r.budget,
          r.kept_messages, r.dropped_tokens, r.archive_ref,
        );
        break;
      }
      case 'rlm_fallbacks': {
        const r = typed.row;
        this.rlmFallbacks.add(r.cursor, r.session_id, r.seq, r.ts_ms, r.requested_model, r.fallback_model, r.reason);
        break;
      }
    }
  }

  async flush(client: pg.ClientBase): Promise<void> {
    await this.tokenUsage.flush(client);
    await this.rlmCompletions.flush(client);
    await this.compactions.flush(client);
    await this.rlmFallbacks.flush(client);
    await upsertRollup(client, upsertHourlySql, this.hourly);
    await upsertRollup(client, upsertModelHourlySql, this.modelHourly);
  }
}

function sumInto(rows: Map<string, RollupRow>, key: (string | number)[], sums: (number | null)[]): void {
  const id = key.join('\u0000');
  const row = rows.get(id);
  if (row === undefined) {
    rows.set(id, [...key, ...sums] as RollupRow);
    return;
  }
  const offset = key.length;
  // Null (no reported cost) only in the reported-cost sum; the counts are never null.
  for (let i = 0; i < sums.length; i++) row[offset + i] = addReportedCost(row[offset + i] as number | null, sums[i] ?? null);
}

/** Rows become columns: the rollup's group keys are unique within the batch, so ON CONFLICT meets each row once. */
async function upsertRollup(client: pg.ClientBase, sql: string, rows: Map<string, RollupRow>): Promise<void> {
  if (rows.size === 0) return;
  const all = [...rows.values()];
  const columns = all[0]!.map((_, i) => all.map((row) => row[i]!));
  await client.query(sql, columns);
}

interface InsertedRow {
  cursor: number;
  session_id: string;
  seq: number;
}

/**
 * Stores a batch's known durable/history events with their typed rows and rollups:
 * each one's cursor, or null when its `(session_id, seq)` is already stored (or came
 * earlier in `items`). The caller holds the ingest lock inside an open transaction.
 */
export async function storeEvents(
  client: pg.ClientBase,
  store: StoreSql,
  items: readonly IngestItem[],
  originOf: (sessionId: string) => UsageOrigin | null,
  demoSessions: ReadonlySet<string>,
): Promise<(number | null)[]> {
  if (items.length === 0) return [];
  const sessionIds: string[] = [];
  const seqs: number[] = [];
  const timestamps: number[] = [];
  const types: string[] = [];
  const json: string[] = [];
  for (const item of items) {
    sessionIds.push(item.event.session_id);
    seqs.push(item.event.seq);
    timestamps.push(item.tsMs);
    types.push(item.event.type);
    // Never true for JSON.stringify output; a producer's pretty-printed text would be re-serialised, not split.
    json.push(item.json.includes('\n') ? JSON.stringify(JSON.parse(item.json)) : item.json);
  }
  const { rows } = await client.query<InsertedRow>(insertEventsSql, [sessionIds, seqs, timestamps, types, json.join('\n')]);
  const inserted = new Map<string, number>();
  for (const row of rows) inserted.set(`${row.session_id}\u0000${row.seq}`, row.cursor);

  let typed = new TypedRows(demoSessions);
  const usage = new BatchUsageOrigins(originOf);
  const cursors: (number | null)[] = [];
  for (const item of items) {
    const key = `${item.event.session_id}\u0000${item.event.seq}`;
    const cursor = inserted.get(key);
    if (cursor === undefined) {
      cursors.push(null);
      continue;
    }
    // The first item with a key got the row; a later one in the same batch is a duplicate of it.
    inserted.delete(key);
    // Only known events are stored (the caller checks `item.known`), so the tag discriminates.
    const event = item.event as KnownSessionEvent;
    const action = usage.step(event);
    if (action === 'withdraw_reports_then_count') {
      // Rare (once a session): the rows queued so far go in first, so the withdrawal sees this batch's reports too.
      await typed.flush(client);
      typed = new TypedRows(demoSessions);
      await runStepsOn(client, withdrawReports(store, event.session_id));
    }
    const row = typedRowOf(event, item.tsMs, cursor, action);
    if (row !== null) typed.add(row);
    cursors.push(cursor);
  }
  await typed.flush(client);
  return cursors;
}
