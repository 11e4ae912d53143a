import type pg from 'pg';
import type { SessionList, SessionSummary } from '../../../src/protocol/api-schemas';
import type { SessionListQuery } from '../../../src/protocol/api-queries';
import { pgText, PgWhere } from './pg-sql';
import { withSummaryDefaults } from '../session-summary';

// The `sessions` table. Unlike the SQLite store there is no summary cache: other
// replicas write the same rows, so ingest reads each batch's summaries from the
// database inside its transaction, in one query.

// COLLATE "C": byte order, as SQLite compares text, whatever the database's locale.
const sortColumns: Record<SessionListQuery['sort'], string> = {
  last_seen: 'last_seen_ms',
  first_seen: 'first_seen_ms',
  // Untitled sessions go last in both directions; ASCII-only case folding, like SQLite's NOCASE.
  title: '(title IS NULL), lower(title COLLATE "C")',
  status: 'status COLLATE "C"',
  tokens: 'total_tokens',
  events: 'event_count',
};

// The summary arrives as text and is cast to JSONB here.
const upsertSql = `
INSERT INTO sessions (session_id, title, title_folded, agent, model, status, first_seen_ms, last_seen_ms, total_tokens, event_count, summary)
SELECT session_id, title, title_folded, agent, model, status, first_seen_ms, last_seen_ms, total_tokens, event_count, summary::jsonb
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[])
  AS u(session_id, title, title_folded, agent, model, status, first_seen_ms, last_seen_ms, total_tokens, event_count, summary)
ON CONFLICT (session_id) DO UPDATE SET
  title = excluded.title, title_folded = excluded.title_folded, agent = excluded.agent, model = excluded.model,
  status = excluded.status, first_seen_ms = excluded.first_seen_ms, last_seen_ms = excluded.last_seen_ms,
  total_tokens = excluded.total_tokens, event_count = excluded.event_count, summary = excluded.summary`;

/** JSONB refuses U+0000 in strings; summaries carry producer text (titles, errors). */
const stripNul = (_key: string, value: unknown) => (typeof value === 'string' ? pgText(value) : value);

/** The committed summaries of these sessions (those that have one). */
export async function readSummaries(client: pg.ClientBase, sessionIds: readonly string[]): Promise<Map<string, SessionSummary>> {
  const summaries = new Map<string, SessionSummary>();
  if (sessionIds.length === 0) return summaries;
  const { rows } = await client.query<{ summary: SessionSummary }>('SELECT summary FROM sessions WHERE session_id = ANY($1::text[])', [sessionIds]);
  for (const row of rows) summaries.set(row.summary.session_id, withSummaryDefaults(row.summary));
  return summaries;
}

/** Writes the summaries of a batch, in one statement; call inside the batch's transaction. */
export async function writeSummaries(client: pg.ClientBase, summaries: readonly SessionSummary[]): Promise<void> {
  if (summaries.length === 0) return;
  const columns: (string | number | null)[][] = Array.from({ length: 11 }, () => []);
  for (const s of summaries) {
    const title = pgText(s.title);
    const row = [
      s.session_id, title, title === null ? null : title.toLowerCase(), pgText(s.agent), pgText(s.model), s.status,
      s.first_seen_ms, s.last_seen_ms, s.prompt_tokens + s.completion_tokens, s.event_count, JSON.stringify(s, stripNul),
    ];
    row.forEach((value, i) => columns[i]!.push(value));
  }
  await client.query(upsertSql, columns);
}

export async function getSummary(pool: pg.Pool, sessionId: string): Promise<SessionSummary | null> {
  const { rows } = await pool.query<{ summary: SessionSummary }>('SELECT summary FROM sessions WHERE session_id = $1', [sessionId]);
  return rows[0] === undefined ? null : withSummaryDefaults(rows[0].summary);
}

export async function countSessions(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM sessions');
  return rows[0]!.n;
}

export async function listSessions(pool: pg.Pool, query: SessionListQuery): Promise<SessionList> {
  const where = new PgWhere().addInList('status', query.status);
  if (query.q !== undefined && query.q !== '') {
    // strpos, not LIKE: a `%` or `_` typed into the search box means itself.
    const needle = where.params.add(pgText(query.q.toLowerCase()));
    where.add(`(strpos(title_folded, ${needle}) > 0 OR strpos(lower(session_id), ${needle}) > 0)`);
  }
  where.addIf(query.agent, 'agent').addIf(query.model, 'model');
  const filter = where.toSql();
  const filterParams = [...where.params.values];

  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  // session_id breaks ties so that offset paging neither repeats nor skips a session.
  const orderBy = `${sortColumns[query.sort]} ${direction}, session_id COLLATE "C" ${direction}`;
  const limit = where.params.add(query.limit);
  const offset = where.params.add(query.offset);
  const [page, total] = await Promise.all([
    pool.query<{ summary: SessionSummary }>(`SELECT summary FROM sessions${filter} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`, where.params.values),
    pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM sessions${filter}`, filterParams),
  ]);
  return { sessions: page.rows.map((row) => withSummaryDefaults(row.summary)), total: total.rows[0]!.n };
}
