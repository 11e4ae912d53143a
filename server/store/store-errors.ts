// Which store errors a retry can never cure: the batch's data itself broke a rule
// (a constraint, a datatype, a number out of range). Everything else (disk full, a
// lost connection, a locked or vanished database file) may pass, so it is retryable.

/** SQLite result codes (better-sqlite3 `code`) that name the data, not the database's state. */
const permanentSqliteCodes = /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/;

/** PostgreSQL SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation). */
const permanentPgState = /^2[23][0-9A-Z]{3}$/;

export function isPermanentStoreError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (permanentSqliteCodes.test(code) || permanentPgState.test(code));
}

/** An error a store answers with, marked so the transports can tell producers whether to retry. */
export class StoreRefusal extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'StoreRefusal';
  }
}

/** Whether a producer should send a refused submit again: only a StoreRefusal can say no. */
export function isRetryableRefusal(err: unknown): boolean {
  return !(err instanceof StoreRefusal) || err.retryable;
}
