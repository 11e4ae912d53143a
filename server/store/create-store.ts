import type { ServerConfig } from '../config';
import type { EventStore } from './event-store';
import { redactUrl } from './postgres/open-pool';
import { createPostgresStore } from './postgres/postgres-store';
import { createSqliteStore } from './sqlite/sqlite-store';

/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export function createStore(config: Pick<ServerConfig, 'db' | 'databaseUrl' | 'pgPool'>): Promise<EventStore> {
  if (config.databaseUrl !== undefined) return createPostgresStore({ url: config.databaseUrl, poolSize: config.pgPool });
  return createSqliteStore({ path: config.db });
}

/** What start-up prints as the store: the SQLite path, or the PostgreSQL URL without its password. */
export function describeStore(config: Pick<ServerConfig, 'db' | 'databaseUrl'>): string {
  return config.databaseUrl === undefined ? config.db : `PostgreSQL ${redactUrl(config.databaseUrl)}`;
}
