import type pg from 'pg';
import type { SessionSummary } from '#protocol/api-schemas';
import { pgText } from './pg-sql';

// The `sessions` table's summary upsert, tuned for ingest (one statement per batch,
// one array per column). Unlike the SQLite store there is no summary cache: other
// replicas write the same rows, so ingest reads each batch's summaries from the
// database inside its transaction (../session-queries.ts). The listing is both
// stores' (../session-list-query.ts).

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
