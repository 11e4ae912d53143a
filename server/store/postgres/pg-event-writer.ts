import type pg from 'pg';
import type { UsageOrigin } from '../../../src/protocol/api-schemas';
import type { KnownSessionEvent } from '../../../src/protocol/event-schemas';
import type { IngestItem } from '../event-store';
import { BatchUsageOrigins, type UsageAction } from '../usage-origin';
import { addReportedCost } from '../usage-plan';
import { withdrawReports } from './pg-report-withdrawal';
import { ColumnBuffer, pgText, unnestInsertSql, type ArrayColumn } from './pg-sql';
import { rollupHourMs } from './pg-schema';

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

/** One token_usage row, from a token_usage or a counted usage_report. */
interface UsageRowValues {
  source: string;
  model: string;
  prompt: number;
  completion: number;
  cacheRead: number;
  cacheWrite: number;
  durationMs: number;
  label: string | null;
  reportedCostUsd: number | null;
  origin: UsageOrigin;
}

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

  /** Queues an event's typed row; `usage` is its token accounting (a withdrawal is the caller's, before this). */
  add(event: KnownSessionEvent, tsMs: number, cursor: number, usage: UsageAction): void {
    const record = [cursor, event.session_id, event.seq, tsMs] as const;
    switch (event.type) {
      case 'token_usage':
        this.addUsage(record, {
          source: event.source, model: pgText(event.model), prompt: event.prompt_tokens, completion: event.completion_tokens,
          cacheRead: event.cache_read_tokens ?? 0, cacheWrite: event.cache_write_tokens ?? 0, durationMs: event.duration_ms,
          label: pgText(event.label ?? null), reportedCostUsd: event.reported_cost_usd ?? null, origin: 'token_usage',
        });
        break;
      case 'usage_report':
        // A usage report has no source (one LLM call of the agent itself) and no cache counts.
        if (usage === 'count') {
          this.addUsage(record, {
            source: 'root', model: pgText(event.model), prompt: event.prompt_tokens, completion: event.completion_tokens,
            cacheRead: 0, cacheWrite: 0, durationMs: event.duration_ms, label: null, reportedCostUsd: null, origin: 'usage_report',
          });
        }
        break;
      case 'rlm_complete':
        this.rlmCompletions.add(
          ...record, pgText(event.trace_id), event.outcome, event.iterations, event.subcalls, event.input_tokens, event.output_tokens,
          event.elapsed_ms, pgText(event.reason), pgText(event.root_model), pgText(event.subcall_model_used ?? null),
        );
        break;
      case 'compaction_started':
        this.compactions.add(...record, pgText(event.trace_id), 'started', pgText(event.reason), null, event.before_tokens, null, event.budget, null, null, null);
        break;
      case 'compaction_completed':
        this.compactions.add(
          ...record, pgText(event.trace_id), 'completed', null, event.strategy, event.before_tokens, event.after_tokens, null, event.kept_messages, null, null,
        );
        break;
      case 'compaction_failed':
        // The strategy a failed compaction fell back to is its strategy column (null: none), as in SQLite.
        this.compactions.add(
          ...record, pgText(event.trace_id), 'failed', pgText(event.reason), event.fell_back_to, null, event.after_tokens, event.budget, null, null, null,
        );
        break;
      case 'context_truncated':
        this.compactions.add(
          ...record, pgText(event.trace_id), 'truncated', null, null, null, null, null, event.kept_messages, event.dropped_tokens, pgText(event.archive_ref),
        );
        break;
      case 'rlm_subcall_fallback':
        this.rlmFallbacks.add(...record, pgText(event.requested_model), pgText(event.fallback_model), pgText(event.reason));
        break;
      default:
        // History events live in `events` only.
        break;
    }
  }

  private addUsage(record: readonly [number, string, number, number], row: UsageRowValues): void {
    const [, sessionId, , tsMs] = record;
    this.tokenUsage.add(
      ...record, row.source, row.model, row.prompt, row.completion, row.cacheRead, row.cacheWrite, row.durationMs, row.origin, row.label,
      row.reportedCostUsd,
    );
    const hour = Math.floor(tsMs / rollupHourMs) * rollupHourMs;
    const sums = [row.prompt, row.completion, row.cacheRead, row.cacheWrite, 1, row.origin === 'usage_report' ? 1 : 0, row.reportedCostUsd];
    sumInto(this.hourly, [hour, row.source, row.model, sessionId], sums);
    if (!this.demoSessions.has(sessionId)) sumInto(this.modelHourly, [hour, row.source, row.model], sums);
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
      await withdrawReports(client, event.session_id);
    }
    typed.add(event, item.tsMs, cursor, action);
    cursors.push(cursor);
  }
  await typed.flush(client);
  return cursors;
}
