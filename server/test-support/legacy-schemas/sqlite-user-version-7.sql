-- The SQLite schema exactly as the builds before the Kysely migrator left a database
-- (their schema.ts at PRAGMA user_version 7), dumped from sqlite_master, frozen: the
-- migrator's adoption test builds an old database from this, never from today's code.
-- Never edit it.

CREATE TABLE events (
  cursor     INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT    NOT NULL,
  seq        INTEGER NOT NULL,
  ts_ms      INTEGER NOT NULL,
  type       TEXT    NOT NULL,
  json       TEXT    NOT NULL,
  UNIQUE (session_id, seq)
) STRICT;
CREATE INDEX events_by_session ON events (session_id);
CREATE TABLE token_usage (
  cursor             INTEGER PRIMARY KEY,
  session_id         TEXT    NOT NULL,
  seq                INTEGER NOT NULL,
  ts_ms              INTEGER NOT NULL,
  source             TEXT    NOT NULL,
  model              TEXT    NOT NULL,
  prompt_tokens      INTEGER NOT NULL,
  completion_tokens  INTEGER NOT NULL,
  cache_read_tokens  INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  duration_ms        REAL    NOT NULL
, origin TEXT NOT NULL DEFAULT 'token_usage' CHECK (origin IN ('token_usage', 'usage_report')), label TEXT, reported_cost_usd REAL) STRICT;
CREATE INDEX token_usage_by_ts ON token_usage (ts_ms);
CREATE TABLE rlm_completions (
  cursor             INTEGER PRIMARY KEY,
  session_id         TEXT    NOT NULL,
  seq                INTEGER NOT NULL,
  ts_ms              INTEGER NOT NULL,
  trace_id           TEXT    NOT NULL,
  outcome            TEXT    NOT NULL,
  iterations         INTEGER NOT NULL,
  subcalls           INTEGER NOT NULL,
  input_tokens       INTEGER NOT NULL,
  output_tokens      INTEGER NOT NULL,
  elapsed_ms         REAL    NOT NULL,
  reason             TEXT,
  root_model         TEXT    NOT NULL,
  subcall_model_used TEXT
) STRICT;
CREATE INDEX rlm_completions_by_ts ON rlm_completions (ts_ms);
CREATE INDEX rlm_completions_by_session ON rlm_completions (session_id);
CREATE TABLE compactions (
  cursor         INTEGER PRIMARY KEY,
  session_id     TEXT    NOT NULL,
  seq            INTEGER NOT NULL,
  ts_ms          INTEGER NOT NULL,
  trace_id       TEXT    NOT NULL,
  kind           TEXT    NOT NULL CHECK (kind IN ('started', 'completed', 'failed', 'truncated')),
  reason         TEXT,
  strategy       TEXT,
  before_tokens  INTEGER,
  after_tokens   INTEGER,
  budget         INTEGER,
  kept_messages  INTEGER,
  dropped_tokens INTEGER,
  archive_ref    TEXT
) STRICT;
CREATE INDEX compactions_by_ts ON compactions (ts_ms);
CREATE INDEX compactions_by_session ON compactions (session_id);
CREATE INDEX compactions_by_trace ON compactions (trace_id);
CREATE TABLE usage_hourly (
  hour_ms            INTEGER NOT NULL,
  source             TEXT    NOT NULL,
  model              TEXT    NOT NULL,
  session_id         TEXT    NOT NULL,
  prompt_tokens      INTEGER NOT NULL,
  completion_tokens  INTEGER NOT NULL,
  cache_read_tokens  INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  calls              INTEGER NOT NULL, usage_report_calls INTEGER NOT NULL DEFAULT 0, reported_cost_usd REAL,
  PRIMARY KEY (hour_ms, source, model, session_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX usage_hourly_by_session ON usage_hourly (session_id, hour_ms);
CREATE TABLE sessions (
  session_id    TEXT    PRIMARY KEY,
  title         TEXT,
  agent         TEXT,
  model         TEXT,
  status        TEXT    NOT NULL,
  first_seen_ms INTEGER NOT NULL,
  last_seen_ms  INTEGER NOT NULL,
  total_tokens  INTEGER NOT NULL,
  event_count   INTEGER NOT NULL,
  summary_json  TEXT    NOT NULL
, activity TEXT NOT NULL DEFAULT 'idle', activity_since_ms INTEGER, producer TEXT, cost_usd REAL, unpriced_tokens INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_ms);
CREATE INDEX sessions_by_first_seen ON sessions (first_seen_ms);
CREATE INDEX sessions_by_tokens ON sessions (total_tokens);
CREATE INDEX sessions_by_event_count ON sessions (event_count);
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
CREATE TABLE context_samples (
  session_id     TEXT    NOT NULL,
  ts_ms          INTEGER NOT NULL,
  model          TEXT    NOT NULL,
  request_tokens INTEGER NOT NULL,
  budget         INTEGER NOT NULL,
  PRIMARY KEY (session_id, ts_ms)
) STRICT, WITHOUT ROWID;
CREATE TABLE budgets (
  session_id TEXT PRIMARY KEY,
  warn_usd   REAL,
  limit_usd  REAL
) STRICT;
CREATE TABLE usage_model_hourly (
  hour_ms            INTEGER NOT NULL,
  source             TEXT    NOT NULL,
  model              TEXT    NOT NULL,
  prompt_tokens      INTEGER NOT NULL,
  completion_tokens  INTEGER NOT NULL,
  cache_read_tokens  INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  calls              INTEGER NOT NULL, usage_report_calls INTEGER NOT NULL DEFAULT 0, reported_cost_usd REAL,
  PRIMARY KEY (hour_ms, source, model)
) STRICT, WITHOUT ROWID;
CREATE TABLE demo_sessions (session_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_present ON sessions (status, activity, last_seen_ms);
CREATE INDEX sessions_by_cost ON sessions (cost_usd, session_id);
CREATE INDEX sessions_by_status_cost ON sessions (status, cost_usd, session_id);
CREATE INDEX sessions_by_agent ON sessions (agent COLLATE NOCASE, session_id);
CREATE INDEX sessions_by_model ON sessions (model COLLATE NOCASE, session_id);
PRAGMA user_version = 7;
