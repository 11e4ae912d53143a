import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { inTransaction, openPool } from '../store/postgres/open-pool';
import { runStepsOn } from '../store/postgres/pg-kysely';
import type { SqlSteps } from '../store/sql-steps';
import { postgresDialect } from '../store/store-sql';
import type { AlertDetail } from './alert-conditions';
import type { AlertDatabase, AlertDialect, AlertSql } from './alert-database';
import type { AlertStore } from './alert-store';
import { postgresAlertSchema } from './postgres-alert-schema';
import { SqlAlertStore } from './sql-alert-store';

// Alerts in the scaled mode's PostgreSQL database, shared by every replica: the
// partial unique index makes "once per condition" hold across replicas (two
// that see the same condition race to one row), and deliveries are claimed
// with SKIP LOCKED so each is sent by one replica at a time.

const postgresAlertDialect: AlertDialect = {
  inList: postgresDialect.inList,
  // The driver parses jsonb itself.
  detailOf: (stored) => stored as AlertDetail,
  // Replicas claim at the same time: each passes over the rows another claim holds instead of waiting to take them too.
  lockedForClaim: (due) => due.forUpdate().skipLocked(),
};

/** Opens a small pool of its own (alerts write little) and creates the tables idempotently. */
export async function openPostgresAlertStore(url: string): Promise<AlertStore> {
  const pool = await openPool({ url, poolSize: 2 });
  try {
    // Replicas starting together may race on CREATE ... IF NOT EXISTS: one lock serialises them.
    await inTransaction(pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('tether_alert_schema'))");
      await client.query(postgresAlertSchema);
    });
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return new PostgresAlertStore(pool);
}

class PostgresAlertStore extends SqlAlertStore {
  readonly kind = 'postgres';
  readonly shared = true;
  protected readonly sql: AlertSql;
  private closed: Promise<void> | null = null;

  /** The pool reads BIGINT as numbers (open-pool.ts); the store ends it itself, never through Kysely. */
  constructor(private readonly pool: pg.Pool) {
    super();
    this.sql = { db: new Kysely<AlertDatabase>({ dialect: new PostgresDialect({ pool }) }), dialect: postgresAlertDialect };
  }

  /** On one client of the pool, between its BEGIN and COMMIT. */
  protected transaction<T>(steps: SqlSteps<T>): Promise<T> {
    return inTransaction(this.pool, (client) => runStepsOn(client, steps));
  }

  close(): Promise<void> {
    return (this.closed ??= this.pool.end());
  }
}
