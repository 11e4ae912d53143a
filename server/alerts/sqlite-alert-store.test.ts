import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { describeAlertStoreContract } from '../test-support/alert-store-contract/alert-store-contract';
import type { AlertStore } from './alert-store';
import { openSqliteAlertStore } from './sqlite-alert-store';

// The AlertStore contract on SQLite, each test in a database file of its own.

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-alert-sqlite-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

let databaseCount = 0;
const pathOfStore = new WeakMap<AlertStore, string>();

function openStore(filePath: string): AlertStore {
  const store = openSqliteAlertStore(filePath);
  pathOfStore.set(store, filePath);
  return store;
}

describeAlertStoreContract('sqlite', async () => openStore(path.join(tempDir, `alerts-${++databaseCount}`, 'events.db')), {
  async reopen(store) {
    await store.close();
    return openStore(pathOfStore.get(store)!);
  },
  openAnother: async (store) => openStore(pathOfStore.get(store)!),
});
