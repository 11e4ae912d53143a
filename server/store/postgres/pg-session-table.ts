import type pg from 'pg';
import type { SessionList, SessionSummary } from '../../../src/protocol/api-schemas';
import type { SessionListQuery } from '../../../src/protocol/api-queries';
import { sessionListReply, sessionListSql, type CountRow, type PageRow, type SessionListDialect, type StatusClock } from '../session-list-plan';
import { summaryOfRow, type SessionRow } from '../session-queries';
import { inTransaction } from './open-pool';
import { pgText } from './pg-sql';

// The `sessions` table's summary upsert, tuned for ingest (one statement per batch,
// one array per column), and its listing. Unlike the SQLite store there is no summary
// cache: other replicas write the same rows, so ingest reads each batch's summaries
// from the database inside its transaction (../session-queries.ts).

// The listing's SQL in PostgreSQL's terms. COLLATE "C": byte order, as SQLite
// compares text, whatever the database's locale; titles, agents and models fold ASCII-only, like NOCASE.
const dialect: SessionListDialect = {
  // Typed, as a parameter only compared inside CASE or with another parameter gives PostgreSQL no type to infer.
  placeholder: (index, value) => `$${index + 1}::${typeof value === 'string' ? 'text' : Number.isInteger(value) ? 'bigint' : 'float8'}`,
  // strpos, not LIKE: a `%` or `_` typed into the search box means itself.
  textMatch: (needle) => `(strpos(title_folded, ${needle}) > 0 OR strpos(lower(session_id), ${needle}) > 0)`,
  text: (value) => pgText(value),
  titleKey: 'lower(title COLLATE "C")',
  textKey: (column) => `lower(${column} COLLATE "C")`,
  sessionIdKey: 'session_id COLLATE "C"',
  nullsLast: (expr, direction) => `${expr} ${direction} NULLS LAST`,
};

// The summary arrives as text and is cast to JSONB here.
const upsertSql = `
INSERT INTO sessions (session_id, title, title_folded, agent, model, status, first_seen_ms, last_seen_ms, total_tokens, event_count, summary,
  producer, activity, activity_since_ms)
SELECT session_id, title, title_folded, agent, model, status, first_seen_ms, last_seen_ms, total_tokens, event_count, summary::jsonb,
  producer, activity, activity_since_ms
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[],
  $12::text[], $13::text[], $14::bigint[])
  AS u(session_id, title, title_folded, agent, model, status, first_seen_ms, last_seen_ms, total_tokens, event_count, summary,
    producer, activity, activity_since_ms)
ON CONFLICT (session_id) DO UPDATE SET
  title = excluded.title, title_folded = excluded.title_folded, agent = excluded.agent, model = excluded.model,
  status = excluded.status, first_seen_ms = excluded.first_seen_ms, last_seen_ms = excluded.last_seen_ms,
  total_tokens = excluded.total_tokens, event_count = excluded.event_count, summary = excluded.summary,
  producer = excluded.producer, activity = excluded.activity, activity_since_ms = excluded.activity_since_ms`;
// The cost columns are the pricing step's: the upsert above leaves them as they are.

/** JSONB refuses U+0000 in strings; summaries carry producer text (titles, errors). */
const stripNul = (_key: string, value: unknown) => (typeof value === 'string' ? pgText(value) : value);

/** Writes the summaries of a batch, in one statement; call inside the batch's transaction. */
export async function writeSummaries(client: pg.ClientBase, summaries: readonly SessionSummary[]): Promise<void> {
  if (summaries.length === 0) return;
  const columns: (string | number | null)[][] = Array.from({ length: 14 }, () => []);
  for (const s of summaries) {
    const title = pgText(s.title);
    const row = [
      s.session_id, title, title === null ? null : title.toLowerCase(), pgText(s.agent), pgText(s.model), s.status,
      s.first_seen_ms, s.last_seen_ms, s.prompt_tokens + s.completion_tokens, s.event_count, JSON.stringify(s, stripNul),
      pgText(s.producer), s.activity, s.activity_since_ms,
    ];
    row.forEach((value, i) => columns[i]!.push(value));
  }
  await client.query(upsertSql, columns);
}

export async function listSessions(pool: pg.Pool, query: SessionListQuery, clock: StatusClock): Promise<SessionList> {
  const plan = sessionListSql(query, clock, dialect, 'summary');
  // One snapshot for the page and the counts.
  return inTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const page = await client.query<SessionRow & PageRow>(plan.pageSql, plan.pageParams);
    const counts: CountRow[] = [];
    for (const { sql, params } of plan.countStatements) counts.push(...(await client.query<CountRow>(sql, params)).rows);
    return sessionListReply(query, clock, page.rows, counts, summaryOfRow);
  });
}
