import type { ServerConfig } from '../config';
import type { AlertStore } from './alert-store';
import { openPostgresAlertStore } from './postgres-alert-store';
import { openSqliteAlertStore } from './sqlite-alert-store';

/** The alert store beside the event store: the same SQLite file, or the same PostgreSQL database (shared by replicas). */
export function openAlertStore(config: Pick<ServerConfig, 'db' | 'databaseUrl'>): Promise<AlertStore> {
  if (config.databaseUrl !== undefined) return openPostgresAlertStore(config.databaseUrl);
  return Promise.resolve(openSqliteAlertStore(config.db));
}
