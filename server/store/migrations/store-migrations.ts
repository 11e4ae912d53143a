import { postgresInitialSchema } from './postgres-initial-schema';
import { eventsTableDdl, typedTablesDdl } from './sqlite-initial-schema';

// The schema of both stores, as one append-only list of migrations run by Kysely's
// Migrator (./migrate-store.ts). Each names its DDL per dialect; null where a dialect
// needs none (PostgreSQL began with what SQLite reached by 0004). Never edit a shipped
// migration: add the next one, with a name that sorts after the last.

export interface StoreMigration {
  /** Kysely's record of it (table kysely_migration); sorts in list order. */
  readonly name: string;
  readonly sqlite: string | null;
  readonly postgres: string | null;
}

export const storeMigrations: readonly StoreMigration[] = [
  // The event log and the typed tables. PostgreSQL was first released later, with what SQLite reached by 0004 (./postgres-initial-schema.ts).
  {
    name: '0001-events-and-typed-tables',
    sqlite: eventsTableDdl + typedTablesDdl,
    postgres: postgresInitialSchema,
  },
  // SQLite databases made before 0001 lost token_usage_by_session_ts (edited in place while unreleased) drop it too.
  {
    name: '0002-drop-token-usage-by-session-ts',
    sqlite: 'DROP INDEX IF EXISTS token_usage_by_session_ts;',
    postgres: null,
  },
  {
    name: '0003-fallbacks-context-samples-budgets',
    sqlite: `
-- rlm_subcall_fallback as a typed table (the RLM cost alerts), filled from the event log.
CREATE TABLE rlm_fallbacks (
  cursor          INTEGER PRIMARY KEY,
  session_id      TEXT    NOT NULL,
  seq             INTEGER NOT NULL,
  ts_ms           INTEGER NOT NULL,
  requested_model TEXT    NOT NULL,
  fallback_model  TEXT    NOT NULL,
  reason          TEXT    NOT NULL
) STRICT;
CREATE INDEX rlm_fallbacks_by_ts ON rlm_fallbacks (ts_ms);
CREATE INDEX rlm_fallbacks_by_session ON rlm_fallbacks (session_id);
INSERT INTO rlm_fallbacks
  SELECT cursor, session_id, seq, ts_ms, json ->> '$.requested_model', json ->> '$.fallback_model', json ->> '$.reason'
  FROM events WHERE type = 'rlm_subcall_fallback';

-- token_estimate is ephemeral: a sample of it (at most one per session every few
-- seconds) is kept for the context-window chart. Losing one is harmless.
CREATE TABLE context_samples (
  session_id     TEXT    NOT NULL,
  ts_ms          INTEGER NOT NULL,
  model          TEXT    NOT NULL,
  request_tokens INTEGER NOT NULL,
  budget         INTEGER NOT NULL,
  PRIMARY KEY (session_id, ts_ms)
) STRICT, WITHOUT ROWID;

-- Per-session budget overrides set from the dashboard; the global default is configuration.
CREATE TABLE budgets (
  session_id TEXT PRIMARY KEY,
  warn_usd   REAL,
  limit_usd  REAL
) STRICT;
`,
    postgres: null,
  },
  {
    name: '0004-usage-model-hourly',
    sqlite: `
-- usage_hourly without the session: what cost charts over every session read (priced
-- per model and hour). A month is at most hours x sources x models rows, where
-- usage_hourly has that times the sessions; kept in step inside the ingest transaction.
CREATE TABLE usage_model_hourly (
  hour_ms            INTEGER NOT NULL,
  source             TEXT    NOT NULL,
  model              TEXT    NOT NULL,
  prompt_tokens      INTEGER NOT NULL,
  completion_tokens  INTEGER NOT NULL,
  cache_read_tokens  INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  calls              INTEGER NOT NULL,
  PRIMARY KEY (hour_ms, source, model)
) STRICT, WITHOUT ROWID;
INSERT INTO usage_model_hourly
  SELECT hour_ms, source, model, SUM(prompt_tokens), SUM(completion_tokens), SUM(cache_read_tokens),
    SUM(cache_write_tokens), SUM(calls)
  FROM usage_hourly GROUP BY hour_ms, source, model;
`,
    postgres: null,
  },
  // Issues 11 and 12: each usage row's origin (server/store/usage-origin.ts), the producer's label and reported cost.
  {
    name: '0005-usage-origin',
    sqlite: `
-- Issues 11 and 12: where a usage row came from (a token_usage, or a usage_report counted
-- as root because its session had no token_usage: server/store/usage-origin.ts), the
-- producer's own label for the source, and the cost the producer reported. The rollups
-- count the usage-report calls and sum the reported cost (NULL: no call reported one).
ALTER TABLE token_usage ADD COLUMN origin TEXT NOT NULL DEFAULT 'token_usage' CHECK (origin IN ('token_usage', 'usage_report'));
ALTER TABLE token_usage ADD COLUMN label TEXT;
ALTER TABLE token_usage ADD COLUMN reported_cost_usd REAL;
ALTER TABLE usage_hourly ADD COLUMN usage_report_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN reported_cost_usd REAL;
ALTER TABLE usage_model_hourly ADD COLUMN usage_report_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_model_hourly ADD COLUMN reported_cost_usd REAL;
`,
    postgres: `
ALTER TABLE token_usage ADD COLUMN origin TEXT NOT NULL DEFAULT 'token_usage' CHECK (origin IN ('token_usage', 'usage_report'));
ALTER TABLE token_usage ADD COLUMN label TEXT;
ALTER TABLE token_usage ADD COLUMN reported_cost_usd DOUBLE PRECISION;
ALTER TABLE usage_hourly ADD COLUMN usage_report_calls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly ADD COLUMN reported_cost_usd DOUBLE PRECISION;
ALTER TABLE usage_model_hourly ADD COLUMN usage_report_calls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_model_hourly ADD COLUMN reported_cost_usd DOUBLE PRECISION;
`,
  },
  // Issue 15: the built-in demo's sessions (server/store/demo-sessions.ts).
  {
    name: '0006-demo-sessions',
    sqlite: `
-- Issue 15: the built-in demo's sessions, one row each, written when a session is first
-- marked (server/store/demo-sessions.ts). Their usage stays out of usage_model_hourly, so
-- the default totals (demo left out) read it as before; reads that leave them out of the
-- other tables filter by this list. IF NOT EXISTS: a test that takes a database back to
-- an older version runs this again over the table.
CREATE TABLE IF NOT EXISTS demo_sessions (session_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
`,
    postgres: 'CREATE TABLE IF NOT EXISTS demo_sessions (session_id TEXT PRIMARY KEY);',
  },
  // Issue 14: present activity, producer and cost columns for the fleet overview's filters and sorts.
  {
    name: '0007-session-present',
    sqlite: `
-- Issue 14: the fleet overview filters by operator status, sorts by cost, pages by keyset.
-- activity is the summary's present activity (src/protocol/session-activity.ts); sessions
-- stored before it read it from their last event type, as the browser once did. Costs are
-- the pricing step's (server/pricing): null until it runs.
ALTER TABLE sessions ADD COLUMN activity TEXT NOT NULL DEFAULT 'idle';
ALTER TABLE sessions ADD COLUMN activity_since_ms INTEGER;
ALTER TABLE sessions ADD COLUMN producer TEXT;
ALTER TABLE sessions ADD COLUMN cost_usd REAL;
ALTER TABLE sessions ADD COLUMN unpriced_tokens INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET
  producer = json_extract(summary_json, '$.producer'),
  activity = CASE json_extract(summary_json, '$.last_event_type')
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
-- Status filters and counts read (status, activity, last_seen_ms) from this index alone.
CREATE INDEX sessions_by_present ON sessions (status, activity, last_seen_ms);
CREATE INDEX sessions_by_cost ON sessions (cost_usd, session_id);
-- "What is running, dearest first": the sessions not ended, in cost order, without a sort.
CREATE INDEX sessions_by_status_cost ON sessions (status, cost_usd, session_id);
CREATE INDEX sessions_by_agent ON sessions (agent COLLATE NOCASE, session_id);
CREATE INDEX sessions_by_model ON sessions (model COLLATE NOCASE, session_id);
`,
    postgres: `
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
  },
];
