import { describe, expect, it } from 'vitest';
import { admitBatch } from './batch-admission';
import type { IngestLimits } from './ingest-limits';
import { TokenBucket } from './token-bucket';

// The one batch rule of both producer transports (issue 16: ingest policy in server/ingest/, once).

const limits: IngestLimits = { maxBodyBytes: 1 << 20, maxBodyBytesInFlight: 4 << 20, maxEventBytes: 1024, maxBatchEvents: 10, eventsPerSecond: 20, maxEventDepth: 128, sendBufferBytes: 1 << 20, requestTimeoutMs: 60_000 };

function producer() {
  const bucket = new TokenBucket(limits.eventsPerSecond, limits.eventsPerSecond, 0);
  const rejected: number[] = [];
  const admit = (events: number, transport: 'frame' | 'body' = 'frame') =>
    admitBatch(events, transport, limits, (n) => bucket.take(n, 0), (n) => rejected.push(n));
  return { admit, rejected };
}

describe('admitBatch', () => {
  it('charges every batch at least one event of the rate, an empty one too, and at most maxBatchEvents', () => {
    const { admit } = producer();
    for (let i = 0; i < 20; i++) expect(admit(0).ok).toBe(true);
    const refused = admit(0);
    expect(refused).toMatchObject({ ok: false, refusal: 'rate', retryAfterMs: expect.any(Number) });
    expect(refused.ok ? '' : refused.error).toMatch(/ingestEventsPerSecond limit of 20 events a second per connection/);
    // An oversize batch costs what a full one costs (10 of the 20), not its 1,000 events.
    const fresh = producer();
    expect(fresh.admit(1000)).toMatchObject({ ok: false, refusal: 'too-many-events' });
    expect(fresh.admit(10).ok).toBe(true);
  });

  it('refuses a batch over maxBatchEvents whole, counting its events rejected and naming the limit per transport', () => {
    const { admit, rejected } = producer();
    const body = admit(11, 'body');
    expect(body).toEqual({ ok: false, refusal: 'too-many-events', error: expect.stringMatching(/^body holds 11 lines, over the maxBatchEvents limit of 10/) });
    expect(admit(10, 'frame').ok).toBe(true);
    expect(rejected).toEqual([11]);
  });

  it('names the allowance a body is over: its client address', () => {
    const { admit } = producer();
    expect(admit(10, 'body').ok).toBe(true);
    expect(admit(10, 'body').ok).toBe(true);
    const refused = admit(1, 'body');
    expect(refused.ok ? '' : refused.error).toMatch(/per client address/);
  });
});
