import pg from 'pg';
import { migratePostgres } from './pg-migrator';

// One pool per store. BIGINT and NUMERIC (what SUM and COUNT return) come back as
// JavaScript numbers: every figure the store keeps is a count of tokens, events or
// milliseconds, far below 2^53, and the API speaks JSON numbers anyway.

const int8Oid = 20;
const numericOid = 1700;

const numberTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8Oid || oid === numericOid ? (text: string) => Number(text) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  url: string;
  /** Most connections the pool opens: ingest holds one per batch, reads the rest. */
  poolSize: number;
}

/** The URL with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/** Node reports a refused connection to a name with two addresses as an AggregateError with no message. */
function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return [...new Set(err.errors.map(describeError))].join('; ');
  if (err instanceof Error) return err.message || (err as { code?: string }).code || err.name;
  return String(err);
}

/**
 * Opens a pool, proves the server answers, and migrates the schema: a wrong URL,
 * an unreachable server or a refused login fails here, at start-up, with a
 * message naming the database (never its password).
 */
export async function openPool(options: PoolOptions): Promise<pg.Pool> {
  const where = redactUrl(options.url);
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new Error(`DATABASE_URL is not a URL (expected postgres://user:password@host:5432/database)`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, types: numberTypes, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection (a server restart) must not crash the process;
  // the pool replaces it, and the next query reports any lasting trouble.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot open the PostgreSQL store at ${where}: ${describeError(err)}`);
  }
  return pool;
}

/** Runs `work` in one transaction on a client of its own: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection that cannot even roll back is broken: the pool must not hand it out again.
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
