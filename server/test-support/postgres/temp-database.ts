import crypto from 'node:crypto';
import pg from 'pg';

// Throw-away databases on a PostgreSQL server, for tests and benchmarks: each gets
// its own, created from the admin connection's URL and dropped when done.

/** The server tests and benchmarks use: TETHER_TEST_DATABASE_URL, else the local default. */
export const testAdminUrl = process.env.TETHER_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Null when the server answers a query, else why it did not (refused, no such role, ...). */
export async function probePostgres(adminUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    const e = err as Error & { code?: string; errors?: Error[] };
    return e.message || e.code || e.errors?.map((x) => x.message).join('; ') || String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TempDatabase {
  name: string;
  /** The admin URL with this database in its path. */
  url: string;
  /** Drops it, closing whatever connections are still open to it. */
  drop(): Promise<void>;
}

/** One connection to `url` for the length of `run`, closed however it ends. */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE tw_<random>; the name is generated here, so it is safe to splice into the SQL. */
export async function createTempDatabase(adminUrl: string = testAdminUrl): Promise<TempDatabase> {
  const name = `tw_${crypto.randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
