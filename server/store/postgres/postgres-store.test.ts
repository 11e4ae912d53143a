import { afterEach, describe } from 'vitest';
import type { EventStore } from '../event-store';
import { describeStoreContract } from '../../test-support/store-contract/store-contract';
import { noPostgres } from '../../test-support/postgres/postgres-availability';
import { createPostgresStore } from './postgres-store';
import { createTempDatabase, type TempDatabase } from '../../test-support/postgres/temp-database';

// The very same contract as the SQLite store, each test on a fresh database.

let database: TempDatabase | null = null;
const urlOfStore = new WeakMap<EventStore, string>();

async function openStore(url: string): Promise<EventStore> {
  const store = await createPostgresStore({ url, poolSize: 4 });
  urlOfStore.set(store, url);
  return store;
}

// Runs after the contract's own afterEach, which closes the store.
afterEach(async () => {
  await database?.drop();
  database = null;
});

describe.skipIf(noPostgres)('postgres store', () => {
  describeStoreContract(
    'postgres',
    async () => {
      database = await createTempDatabase();
      return openStore(database.url);
    },
    {
      async reopen(store) {
        const url = urlOfStore.get(store)!;
        await store.close();
        return openStore(url);
      },
    },
  );
});
