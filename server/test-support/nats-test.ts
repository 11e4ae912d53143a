import crypto from 'node:crypto';
import { connect } from 'nats';
import { probePostgres, testAdminUrl } from './postgres/temp-database';
import { reportMissingService } from './required-service';

// NATS for the scaled-mode tests: TETHER_TEST_NATS_URL, else the local default.
// Each test takes its own subject, so tests (and test runs) never hear each other.

export const testNatsUrl = process.env.TETHER_TEST_NATS_URL || 'nats://127.0.0.1:4222';

/** Null when a NATS server answers at `url`, else why not. */
export async function probeNats(url: string = testNatsUrl): Promise<string | null> {
  try {
    const nc = await connect({ servers: url, timeout: 2000, maxReconnectAttempts: 0 });
    await nc.close();
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  }
}

/** A subject no other test uses. */
export function uniqueSubject(label: string): string {
  return `tether-test.${label}.${crypto.randomBytes(6).toString('hex')}`;
}

/**
 * For tests that need both PostgreSQL and NATS: null when both answer, else why not,
 * reported once (a printed skip, or a failure under TETHER_REQUIRE_SERVICES=1).
 */
export async function scaledModeSkipReason(tests: string): Promise<string | null> {
  const pgUnavailable = await probePostgres(testAdminUrl);
  const natsUnavailable = pgUnavailable ? null : await probeNats(testNatsUrl);
  const reason = pgUnavailable ? `no PostgreSQL at ${testAdminUrl} (${pgUnavailable})` : natsUnavailable ? `no NATS at ${testNatsUrl} (${natsUnavailable})` : null;
  if (reason) reportMissingService(tests, reason, 'set TETHER_TEST_DATABASE_URL / TETHER_TEST_NATS_URL to run them');
  return reason;
}
