import type pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { migrateStore } from '../migrations/migrate-store';

/**
 * Serialises migrations between replicas starting at once (a session-level lock,
 * a different key from the ingest lock), adoption of an older build's database included.
 */
const migrationLockKey = 0x7465_7468_6d69; // "tethmi"

/** The one client as a pool, so every statement of the run (and Kysely's own transaction) goes over it. */
function poolOf(client: pg.ClientBase): PostgresPool {
  const held: PostgresPoolClient = {
    query: client.query.bind(client) as PostgresPoolClient['query'],
    release: () => undefined,
  };
  return { connect: async () => held, end: async () => undefined };
}

/** Brings the database to the latest schema (../migrations/migrate-store.ts), over a client the caller holds. */
export async function migratePostgres(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
  try {
    await migrateStore(new Kysely<unknown>({ dialect: new PostgresDialect({ pool: poolOf(client) }) }), 'postgres');
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
  }
}
