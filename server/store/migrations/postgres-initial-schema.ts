/**
 * The first migration (./store-migrations.ts), as shipped: never edit it. Notes where PostgreSQL differs from the SQLite schema:
 * - events.json is TEXT, not JSONB: it is served back exactly as it arrived and
 *   never queried inside, so parsing it into JSONB would only cost ingest time;
 * - sessions.summary is JSONB (readable with SQL by an operator), beside real
 *   columns for what the list sorts and filters on; title_folded is the title
 *   lower-cased in JavaScript, so the search folds case beyond ASCII the same way
 *   whatever the database's locale;
 * - usage_model_hourly is usage_hourly without the session: the whole-fleet charts
 *   read a few rows an hour instead of one per live session.
 */
export const postgresInitialSchema = `
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
