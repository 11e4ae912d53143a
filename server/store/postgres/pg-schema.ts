import type pg from 'pg';

// The PostgreSQL schema, as an append-only list of migrations: the same logical
// tables as the SQLite store (server/store/sqlite/schema.ts). `schema_version`
// records how many have run; never edit a shipped migration, add the next one.

/**
 * Migration 1. Notes where PostgreSQL differs from the SQLite schema:
 * - events.json is TEXT, not JSONB: it is served back exactly as it arrived and
 *   never queried inside, so parsing it into JSONB would only cost ingest time;
 * - sessions.summary is JSONB (readable with SQL by an operator), beside real
 *   columns for what the list sorts and filters on; title_folded is the title
 *   lower-cased in JavaScript, so the search folds case beyond ASCII the same way
 *   whatever the database's locale;
 * - usage_model_hourly is usage_hourly without the session: the whole-fleet charts
 *   read a few rows an hour instead of one per live session.
 */
const initialSchema = `
CREATE TABLE events (
  cursor     BIGSERIAL PRIMARY KEY,
  session_id TEXT   NOT NULL,
  seq        BIGINT NOT NULL,
  ts_ms      BIGINT NOT NULL,
  type       TEXT   NOT NULL,
  json       TEXT   NOT NULL,
  UNIQUE (session_id, seq)
);
CREATE INDEX events_by_session ON events (session_id, cursor);

CREATE TABLE token_usage (
  cursor             BIGINT PRIMARY KEY,
  session_id         TEXT   NOT NULL,
  seq                BIGINT NOT NULL,
  ts_ms              BIGINT NOT NULL,
  source             TEXT   NOT NULL,
  model              TEXT   NOT NULL,
  prompt_tokens      BIGINT NOT NULL,
  completion_tokens  BIGINT NOT NULL,
  cache_read_tokens  BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  duration_ms        DOUBLE PRECISION NOT NULL
);
CREATE INDEX token_usage_by_ts ON token_usage (ts_ms);

CREATE TABLE rlm_completions (
  cursor             BIGINT PRIMARY KEY,
  session_id         TEXT   NOT NULL,
  seq                BIGINT NOT NULL,
  ts_ms              BIGINT NOT NULL,
  trace_id           TEXT   NOT NULL,
  outcome            TEXT   NOT NULL,
  iterations         BIGINT NOT NULL,
  subcalls           BIGINT NOT NULL,
  input_tokens       BIGINT NOT NULL,
  output_tokens      BIGINT NOT NULL,
  elapsed_ms         DOUBLE PRECISION NOT NULL,
  reason             TEXT,
  root_model         TEXT   NOT NULL,
  subcall_model_used TEXT
);
CREATE INDEX rlm_completions_by_ts ON rlm_completions (ts_ms);
CREATE INDEX rlm_completions_by_session ON rlm_completions (session_id);

CREATE TABLE compactions (
  cursor         BIGINT PRIMARY KEY,
  session_id     TEXT   NOT NULL,
  seq            BIGINT NOT NULL,
  ts_ms          BIGINT NOT NULL,
  trace_id       TEXT   NOT NULL,
  kind           TEXT   NOT NULL CHECK (kind IN ('started', 'completed', 'failed', 'truncated')),
  reason         TEXT,
  strategy       TEXT,
  before_tokens  BIGINT,
  after_tokens   BIGINT,
  budget         BIGINT,
  kept_messages  BIGINT,
  dropped_tokens BIGINT,
  archive_ref    TEXT
);
CREATE INDEX compactions_by_ts ON compactions (ts_ms);
CREATE INDEX compactions_by_session ON compactions (session_id);
CREATE INDEX compactions_by_trace ON compactions (trace_id);

CREATE TABLE rlm_fallbacks (
  cursor          BIGINT PRIMARY KEY,
  session_id      TEXT   NOT NULL,
  seq             BIGINT NOT NULL,
  ts_ms           BIGINT NOT NULL,
  requested_model TEXT   NOT NULL,
  fallback_model  TEXT   NOT NULL,
  reason          TEXT   NOT NULL
);
CREATE INDEX rlm_fallbacks_by_ts ON rlm_fallbacks (ts_ms);
CREATE INDEX rlm_fallbacks_by_session ON rlm_fallbacks (session_id);

CREATE TABLE context_samples (
  session_id     TEXT   NOT NULL,
  ts_ms          BIGINT NOT NULL,
  model          TEXT   NOT NULL,
  request_tokens BIGINT NOT NULL,
  budget         BIGINT NOT NULL,
  PRIMARY KEY (session_id, ts_ms)
);

CREATE TABLE budgets (
  session_id TEXT PRIMARY KEY,
  warn_usd   DOUBLE PRECISION,
  limit_usd  DOUBLE PRECISION
);

CREATE TABLE usage_hourly (
  hour_ms            BIGINT NOT NULL,
  source             TEXT   NOT NULL,
  model              TEXT   NOT NULL,
  session_id         TEXT   NOT NULL,
  prompt_tokens      BIGINT NOT NULL,
  completion_tokens  BIGINT NOT NULL,
  cache_read_tokens  BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  calls              BIGINT NOT NULL,
  PRIMARY KEY (hour_ms, source, model, session_id)
);
CREATE INDEX usage_hourly_by_session ON usage_hourly (session_id, hour_ms);

CREATE TABLE usage_model_hourly (
  hour_ms            BIGINT NOT NULL,
  source             TEXT   NOT NULL,
  model              TEXT   NOT NULL,
  prompt_tokens      BIGINT NOT NULL,
  completion_tokens  BIGINT NOT NULL,
  cache_read_tokens  BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  calls              BIGINT NOT NULL,
  PRIMARY KEY (hour_ms, source, model)
);

CREATE TABLE sessions (
  session_id    TEXT   PRIMARY KEY,
  title         TEXT,
  title_folded  TEXT,
  agent         TEXT,
  model         TEXT,
  status        TEXT   NOT NULL,
  first_seen_ms BIGINT NOT NULL,
  last_seen_ms  BIGINT NOT NULL,
  total_tokens  BIGINT NOT NULL,
  event_count   BIGINT NOT NULL,
  summary       JSONB  NOT NULL
);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_ms);
CREATE INDEX sessions_by_first_seen ON sessions (first_seen_ms);
CREATE INDEX sessions_by_tokens ON sessions (total_tokens);
CREATE INDEX sessions_by_event_count ON sessions (event_count);
`;

/** Migration N (1-based) brings a database from schema_version N-1 to N. */
const migrations: readonly string[] = [
  initialSchema,
  // Issues 11 and 12, as SQLite's migration 5: each usage row's origin (server/store/usage-origin.ts),
  // the producer's label and reported cost; the rollups count usage-report calls and sum reported cost.
  `
ALTER TABLE token_usage ADD COLUMN origin TEXT NOT NULL DEFAULT 'token_usage' CHECK (origin IN ('token_usage', 'usage_report'));
ALTER TABLE token_usage ADD COLUMN label TEXT;
ALTER TABLE token_usage ADD COLUMN reported_cost_usd DOUBLE PRECISION;
ALTER TABLE usage_hourly ADD COLUMN usage_report_calls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN reported_cost_usd DOUBLE PRECISION;
ALTER TABLE usage_model_hourly ADD COLUMN usage_report_calls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_model_hourly ADD COLUMN reported_cost_usd DOUBLE PRECISION;
`,
  // Issue 15, as in SQLite: the built-in demo's sessions (server/store/demo-sessions.ts).
  'CREATE TABLE IF NOT EXISTS demo_sessions (session_id TEXT PRIMARY KEY);',
  // Issue 14, as SQLite's: present activity, producer and cost columns for the fleet overview's
  // filters and sorts; sessions stored before read their activity from their last event type.
  `
ALTER TABLE sessions ADD COLUMN activity TEXT NOT NULL DEFAULT 'idle';
ALTER TABLE sessions ADD COLUMN activity_since_ms BIGINT;
ALTER TABLE sessions ADD COLUMN producer TEXT;
ALTER TABLE sessions ADD COLUMN cost_usd DOUBLE PRECISION;
ALTER TABLE sessions ADD COLUMN unpriced_tokens BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET
  producer = summary->>'producer',
  activity = CASE summary->>'last_event_type'
    WHEN 'thinking' THEN 'thinking'
    WHEN 'text_chunk' THEN 'streaming'
    WHEN 'tool_call_start' THEN 'running_tool'
    WHEN 'tool_heartbeat' THEN 'running_tool'
    WHEN 'tool_output_chunk' THEN 'running_tool'
    WHEN 'tool_call_metadata' THEN 'running_tool'
    WHEN 'compaction_started' THEN 'compacting'
    WHEN 'rlm_progress' THEN 'rlm'
    WHEN 'stream_retry' THEN 'retrying'
    WHEN 'approval_request' THEN 'awaiting_approval'
    ELSE 'idle' END;
UPDATE sessions SET activity_since_ms = last_seen_ms WHERE activity = 'awaiting_approval';
CREATE INDEX sessions_by_present ON sessions (status, activity, last_seen_ms);
CREATE INDEX sessions_by_cost ON sessions (cost_usd, session_id);
CREATE INDEX sessions_by_status_cost ON sessions (status, cost_usd, session_id);
CREATE INDEX sessions_by_agent ON sessions (lower(agent COLLATE "C"));
CREATE INDEX sessions_by_model ON sessions (lower(model COLLATE "C"));
`,
];

/** The schema version this build writes. */
export const pgSchemaVersion = migrations.length;

/** The width of a usage_hourly row (the usage aggregate reads the rollups by it). */
export { rollupHourMs } from '../usage-plan';

/**
 * Serialises migrations between replicas starting at once (a session-level lock,
 * a different key from the ingest lock).
 */
const migrationLockKey = 0x7465_7468_6d69; // "tethmi"

/** Runs the migrations this database has not seen, each in its own transaction. */
export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_version');
    const current = rows[0]!.version;
    if (current > migrations.length) {
      throw new Error(
        `database schema version ${current} is newer than this build understands (${migrations.length}): ` +
          'upgrade Tether Watch or use another database',
      );
    }
    for (let version = current; version < migrations.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(migrations[version]!);
        await client.query('DELETE FROM schema_version');
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
  }
}
