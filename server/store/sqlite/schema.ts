import type Database from 'better-sqlite3';

// The SQLite schema, as an append-only list of migrations. `PRAGMA user_version`
// records how many have run; never edit a shipped migration, add the next one.

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

const typedTablesDdl = `
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

/**
 * Migration N (1-based) brings a database from user_version N-1 to N.
 * 2: databases made before migration 1 lost token_usage_by_session_ts (edited in
 * place while unreleased) drop it too, so every database has the same schema.
 */
const migrations: readonly string[] = [
  eventsTableDdl + typedTablesDdl,
  'DROP INDEX IF EXISTS token_usage_by_session_ts;',
  `
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
  `
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
  `
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
  `
-- Issue 15: the built-in demo's sessions, one row each, written when a session is first
-- marked (server/store/demo-sessions.ts). Their usage stays out of usage_model_hourly, so
-- the default totals (demo left out) read it as before; reads that leave them out of the
-- other tables filter by this list. IF NOT EXISTS: a test that takes a database back to
-- an older version runs this again over the table.
CREATE TABLE IF NOT EXISTS demo_sessions (session_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
`,
  `
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
];

/** Runs the migrations this database has not seen yet, each in its own transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this build understands (${migrations.length}): ` +
        'upgrade Tether Watch or use another database file',
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** The width of a usage_hourly row (the usage aggregate reads the rollups by it). */
export { rollupHourMs } from '../usage-plan';

/** The schema version this build writes. */
export const schemaVersion = migrations.length;
