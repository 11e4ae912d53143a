import type pg from 'pg';
import { rollupHourMs } from '../usage-plan';

// The PostgreSQL half of "a session's first token_usage withdraws what its usage reports
// counted" (../usage-origin.ts), as ../sqlite/report-withdrawal.ts: the session's
// usage-report rows go and both rollups lose their share. At most once per session,
// inside the batch's transaction, after the batch's earlier rows are written.

// One statement: every part of a WITH sees the same snapshot, so the shares are read
// before the rows go. Usage reports count as root, with no cache tokens or reported cost.
const withdrawSql = `
WITH report_rows AS (
  SELECT t.cursor, t.ts_ms, t.model, t.prompt_tokens, t.completion_tokens
  FROM events AS e JOIN token_usage AS t ON t.cursor = e.cursor
  WHERE e.session_id = $1 AND t.origin = 'usage_report'
), shares AS (
  SELECT (ts_ms / ${rollupHourMs}) * ${rollupHourMs} AS hour_ms, model, SUM(prompt_tokens) AS p, SUM(completion_tokens) AS c, COUNT(*) AS n
  FROM report_rows GROUP BY 1, 2
), hourly AS (
  UPDATE usage_hourly AS u SET prompt_tokens = u.prompt_tokens - s.p, completion_tokens = u.completion_tokens - s.c,
    calls = u.calls - s.n, usage_report_calls = u.usage_report_calls - s.n
  FROM shares AS s WHERE u.hour_ms = s.hour_ms AND u.source = 'root' AND u.model = s.model AND u.session_id = $1
), model_hourly AS (
  UPDATE usage_model_hourly AS u SET prompt_tokens = u.prompt_tokens - s.p, completion_tokens = u.completion_tokens - s.c,
    calls = u.calls - s.n, usage_report_calls = u.usage_report_calls - s.n
  FROM shares AS s WHERE u.hour_ms = s.hour_ms AND u.source = 'root' AND u.model = s.model
    -- A demo session's usage never reached usage_model_hourly (../demo-sessions.ts); it is marked before its rows are written.
    AND NOT EXISTS (SELECT 1 FROM demo_sessions WHERE session_id = $1)
), deleted AS (
  DELETE FROM token_usage WHERE cursor IN (SELECT cursor FROM report_rows)
)
SELECT hour_ms, model FROM shares`;

// A rollup row left with no calls goes: the rollups hold only hours with usage.
const dropEmptyHourlySql = `DELETE FROM usage_hourly WHERE session_id = $1 AND source = 'root' AND calls = 0`;
const dropEmptyModelHourlySql = `
DELETE FROM usage_model_hourly AS u USING unnest($1::bigint[], $2::text[]) AS k(hour_ms, model)
WHERE u.hour_ms = k.hour_ms AND u.model = k.model AND u.source = 'root' AND u.calls = 0`;

export async function withdrawReports(client: pg.ClientBase, sessionId: string): Promise<void> {
  const { rows } = await client.query<{ hour_ms: number; model: string }>(withdrawSql, [sessionId]);
  if (rows.length === 0) return;
  await client.query(dropEmptyHourlySql, [sessionId]);
  await client.query(dropEmptyModelHourlySql, [rows.map((r) => r.hour_ms), rows.map((r) => r.model)]);
}
