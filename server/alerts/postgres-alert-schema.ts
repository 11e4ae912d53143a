// The PostgreSQL alert tables (their columns typed for the query builder in
// alert-database.ts), created idempotently by every replica's start: a database
// made by an earlier build opens as it is. `detail` is jsonb, readable with SQL.

export const postgresAlertSchema = `
CREATE TABLE IF NOT EXISTS alert_records (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  session_id TEXT,
  agent TEXT,
  ts_ms BIGINT NOT NULL,
  message TEXT NOT NULL,
  detail JSONB NOT NULL,
  cleared_ms BIGINT,
  acked_ms BIGINT
);
CREATE UNIQUE INDEX IF NOT EXISTS alert_records_open ON alert_records (kind, key) WHERE cleared_ms IS NULL;
CREATE INDEX IF NOT EXISTS alert_records_session ON alert_records (session_id, id);
CREATE INDEX IF NOT EXISTS alert_records_unread ON alert_records (id) WHERE acked_ms IS NULL;
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id BIGSERIAL PRIMARY KEY,
  alert_id BIGINT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms BIGINT,
  delivered_ms BIGINT,
  failed_ms BIGINT,
  last_error TEXT,
  last_error_ms BIGINT
);
CREATE INDEX IF NOT EXISTS alert_deliveries_due ON alert_deliveries (next_attempt_ms) WHERE next_attempt_ms IS NOT NULL;
CREATE TABLE IF NOT EXISTS alert_pending_approvals (
  session_id TEXT NOT NULL,
  approval_id TEXT NOT NULL,
  tool_call_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  since_ms BIGINT NOT NULL,
  PRIMARY KEY (session_id, approval_id)
);
`;
