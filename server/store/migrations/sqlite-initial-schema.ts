// The SQLite schema's first migration (./store-migrations.ts), as shipped: never edit it.

/**
 * Every stored (durable/history) event, once. `cursor` is the store's global,
 * never-reused order (AUTOINCREMENT, so a deleted tail is not handed out again);
 * `(session_id, seq)` is the protocol's identity of an event, so a resend hits
 * the UNIQUE constraint and `INSERT OR IGNORE` reports it as a duplicate.
 * Exported alone because the raw-insert benchmark must write the same table.
 */
export const eventsTableDdl = `
CREATE TABLE events (
  cursor     INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT    NOT NULL,
  seq        INTEGER NOT NULL,
  ts_ms      INTEGER NOT NULL,
  type       TEXT    NOT NULL,
  json       TEXT    NOT NULL,
  UNIQUE (session_id, seq)
) STRICT;
-- An index ends in the rowid (the cursor), so this one serves
-- "WHERE session_id = ? ORDER BY cursor" without a sort.
CREATE INDEX events_by_session ON events (session_id);
`;

export const typedTablesDdl = `
-- Typed copies of durable events: what the usage, RLM and compaction views query.
-- Each row shares its event's cursor, which is also the paging key.
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
) STRICT;
-- The only index: recent-minute charts read raw rows by time. A session's rows are
-- found through events_by_session (same cursors), which the event log keeps anyway;
-- a (session_id, ts_ms) index here cost 15% of ingest throughput (every insert lands
-- mid-tree, once per live session), for reads that index already serves.
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

-- One row per lifecycle event (started/completed/failed/truncated), correlated by
-- trace_id; the columns a kind does not carry stay NULL.
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

-- token_usage summed per hour, kept in step inside the ingest transaction, so
-- usage charts over months read thousands of rows rather than millions.
CREATE TABLE usage_hourly (
  hour_ms            INTEGER NOT NULL,
  source             TEXT    NOT NULL,
  model              TEXT    NOT NULL,
  session_id         TEXT    NOT NULL,
  prompt_tokens      INTEGER NOT NULL,
  completion_tokens  INTEGER NOT NULL,
  cache_read_tokens  INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  calls              INTEGER NOT NULL,
  PRIMARY KEY (hour_ms, source, model, session_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX usage_hourly_by_session ON usage_hourly (session_id, hour_ms);

-- One row per session: real columns for what the list filters and sorts on,
-- the whole SessionSummary as JSON for everything else.
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
) STRICT;
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_ms);
CREATE INDEX sessions_by_first_seen ON sessions (first_seen_ms);
CREATE INDEX sessions_by_tokens ON sessions (total_tokens);
CREATE INDEX sessions_by_event_count ON sessions (event_count);
`;
