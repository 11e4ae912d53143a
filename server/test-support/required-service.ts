// Tests that need PostgreSQL or NATS skip, loudly, on a machine without them; CI sets
// TETHER_REQUIRE_SERVICES=1 (.ci/run), and there a missing service fails the run instead,
// so a green CI always means the scaled-mode tests ran.

/** Reports a missing service: a printed skip reason, or under TETHER_REQUIRE_SERVICES=1 an error. */
export function reportMissingService(service: string, why: string, howToRun: string): void {
  const message = `${service} tests skipped: ${why}; ${howToRun}`;
  if (process.env.TETHER_REQUIRE_SERVICES === '1') {
    throw new Error(`${message} (TETHER_REQUIRE_SERVICES=1: these tests must run here)`);
  }
  console.warn(message);
}
