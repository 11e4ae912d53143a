import { reportMissingService } from '../required-service';
import { probePostgres, testAdminUrl } from './temp-database';

// Tests that need a PostgreSQL server run when one answers (TETHER_TEST_DATABASE_URL,
// else 127.0.0.1:5432) and are skipped, with the reason printed once per file, when
// none does: a machine without PostgreSQL is not a failing build. Use it as
// `describe.skipIf(noPostgres)(...)`.

const unavailable = await probePostgres(testAdminUrl);
if (unavailable !== null) {
  reportMissingService('PostgreSQL', `no PostgreSQL at ${testAdminUrl} (${unavailable})`, 'set TETHER_TEST_DATABASE_URL to run them');
}

/** True when no PostgreSQL server answered. */
export const noPostgres = unavailable !== null;
