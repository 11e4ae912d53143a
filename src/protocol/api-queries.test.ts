import { describe, expect, it } from 'vitest';
import { tokenUsageQuerySchema, usageQuerySchema } from './api-queries';

// Issue 16: time parameters accept RFC 3339 as well as Unix milliseconds, like event `ts`.

describe('time parameters', () => {
  it('take Unix milliseconds or RFC 3339 with an offset, and mean the same instant', () => {
    const ms = Date.UTC(2026, 11, 3, 16);
    expect(usageQuerySchema.parse({ from: String(ms) }).from).toBe(ms);
    expect(usageQuerySchema.parse({ from: '2026-12-03T16:00:00Z' }).from).toBe(ms);
    expect(usageQuerySchema.parse({ from: '2026-12-03T17:00:00.000+01:00' }).from).toBe(ms);
    expect(tokenUsageQuerySchema.parse({ to: '2026-12-03T16:00:00.123456Z' }).to).toBe(ms + 123);
  });

  it('refuse a time without its zone or a date that is not one, saying what is expected', () => {
    for (const from of ['2026-12-03T16:00:00', 'yesterday', '2026-13-40T00:00:00Z']) {
      const result = usageQuerySchema.safeParse({ from });
      expect(result.success, from).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/Unix milliseconds or an RFC 3339 timestamp/);
    }
    expect(usageQuerySchema.safeParse({ from: '-5' }).error?.issues[0]?.message).toMatch(/>=0/);
  });
});
