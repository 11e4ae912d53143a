import type { CompiledQuery } from 'kysely';
import type { UsageTotalsRow } from '../event-store';
import type { StatementCache } from './sql-builder';

// The usage aggregate (../usage-query.ts) run in better-sqlite3's raw mode (rows as
// arrays, in column order), which halves the cost of a month by source and model
// (20k+ rows), most of it making row objects. Its statements are the cache's own:
// raw mode is a statement's setting, so they are never shared with the query builder.

type SqlRowValue = string | number | null;

const sumColumns = ['prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_write_tokens', 'calls', 'usage_report_calls', 'reported_cost_usd'];

export function readUsageRows(rawStatements: StatementCache, compiled: CompiledQuery): UsageTotalsRow[] {
  const statement = rawStatements.get(compiled.sql).raw(true);
  return rawRowsToUsageRows(statement.all(...compiled.parameters) as SqlRowValue[][], statement.columns().map((c) => c.name));
}

/** Raw rows to usage totals: sums first, keys after in one fixed order, so every row of a query gets the same object shape. */
function rawRowsToUsageRows(rows: readonly SqlRowValue[][], columns: readonly string[]): UsageTotalsRow[] {
  const at = (name: string) => columns.indexOf(name);
  const [bucket, source, model, session, agent, label, title, sessionAgent, producer] = [
    'bucket_start_ms', 'source', 'model', 'session_id', 'agent', 'label', 'session_title', 'session_agent', 'session_producer',
  ].map(at) as number[];
  const [prompt, completion, cacheRead, cacheWrite, calls, reportCalls, reportedCost] = sumColumns.map(at) as number[];
  const usageRows: UsageTotalsRow[] = [];
  for (const v of rows) {
    // An ungrouped aggregate over no rows still yields one row (of NULL sums, or COUNT 0): that is "no usage".
    if (v[calls!] === null || v[calls!] === 0) continue;
    const row = {
      prompt_tokens: v[prompt!], completion_tokens: v[completion!], cache_read_tokens: v[cacheRead!],
      cache_write_tokens: v[cacheWrite!], calls: v[calls!], usage_report_calls: v[reportCalls!] ?? 0,
      reported_cost_usd: v[reportedCost!],
    } as Record<string, SqlRowValue>;
    if (bucket! >= 0) row.bucket_start_ms = v[bucket!]!;
    if (source! >= 0) row.source = v[source!]!;
    if (model! >= 0) row.model = v[model!]!;
    if (session! >= 0) row.session_id = v[session!]!;
    if (agent! >= 0) row.agent = v[agent!]!;
    if (label! >= 0) row.label = v[label!]!;
    if (title! >= 0) row.session_title = v[title!]!;
    if (sessionAgent! >= 0) row.session_agent = v[sessionAgent!]!;
    if (producer! >= 0) row.session_producer = v[producer!]!;
    usageRows.push(row as unknown as UsageTotalsRow);
  }
  return usageRows;
}
