// The SQLite alert tables (their columns typed for the query builder in
// alert-database.ts), created idempotently by every start: a database made by
// an earlier build opens as it is. `detail` is JSON text.

export const sqliteAlertSchema = `
CREATE TABLE IF NOT EXISTS alert_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  session_id TEXT,
  agent TEXT,
  ts_ms INTEGER NOT NULL,
  message TEXT NOT NULL,
  detail TEXT NOT NULL,
  cleared_ms INTEGER,
  acked_ms INTEGER
);
-- "Once per condition until it clears", held by the database itself.
CREATE UNIQUE INDEX IF NOT EXISTS alert_records_open ON alert_records (kind, key) WHERE cleared_ms IS NULL;
CREATE INDEX IF NOT EXISTS alert_records_session ON alert_records (session_id, id);
CREATE INDEX IF NOT EXISTS alert_records_unread ON alert_records (id) WHERE acked_ms IS NULL;
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER,
  delivered_ms INTEGER,
  failed_ms INTEGER,
  last_error TEXT,
  last_error_ms INTEGER
);
CREATE INDEX IF NOT EXISTS alert_deliveries_due ON alert_deliveries (next_attempt_ms) WHERE next_attempt_ms IS NOT NULL;
CREATE TABLE IF NOT EXISTS alert_pending_approvals (
  session_id TEXT NOT NULL,
  approval_id TEXT NOT NULL,
  tool_call_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  since_ms INTEGER NOT NULL,
  PRIMARY KEY (session_id, approval_id)
);
`;
