import { afterEach, describe } from 'vitest';
import { describeAlertStoreContract } from '../test-support/alert-store-contract/alert-store-contract';
import { noPostgres } from '../test-support/postgres/postgres-availability';
import { createTempDatabase, type TempDatabase } from '../test-support/postgres/temp-database';
import type { AlertStore } from './alert-store';
import { openPostgresAlertStore } from './postgres-alert-store';

// The very same contract as the SQLite alert store, each test on a fresh database;
// the second store a test opens stands for another replica.

let database: TempDatabase | null = null;

// Runs after the contract's own afterEach, which closes the stores.
afterEach(async () => {
  await database?.drop();
  database = null;
});

describe.skipIf(noPostgres)('postgres alert store', () => {
  describeAlertStoreContract(
    'postgres',
    async () => {
      database = await createTempDatabase();
      return openPostgresAlertStore(database.url);
    },
    {
      async reopen(store: AlertStore) {
        await store.close();
        return openPostgresAlertStore(database!.url);
      },
      openAnother: () => openPostgresAlertStore(database!.url),
    },
  );
});
