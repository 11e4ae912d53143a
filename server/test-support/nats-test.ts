import crypto from 'node:crypto';
import { connect } from 'nats';

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
