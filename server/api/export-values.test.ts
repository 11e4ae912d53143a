import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportColumns, exportValue, rfc3339, roundUsd } from './export-values';

describe('exportColumns', () => {
  it('follows each instant column with its readable twin, and leaves the rest alone', () => {
    expect(exportColumns(['session_id', 'ts_ms', 'cost_usd'])).toEqual(['session_id', 'ts_ms', 'ts', 'cost_usd']);
    expect(exportColumns(['bucket_start_ms', 'model'])).toEqual(['bucket_start_ms', 'bucket_start', 'model']);
    expect(exportColumns(['duration_ms', 'first_seen_ms'])).toEqual(['duration_ms', 'first_seen_ms']);
  });

  it('never shadows a field the record already has under the twin name', () => {
    expect(exportColumns(['ts_ms', 'ts'])).toEqual(['ts_ms', 'ts']);
    expect(exportValue({ ts_ms: 0, ts: 'own' }, 'ts')).toBe('own');
  });
});

describe('exportValue', () => {
  it('writes instants as RFC 3339 UTC, a missing one as empty', () => {
    expect(exportValue({ ts_ms: Date.UTC(2026, 10, 24, 13, 5, 9, 250) }, 'ts')).toBe('2026-11-24T13:05:09.250Z');
    expect(exportValue({}, 'bucket_start')).toBeNull();
    expect(rfc3339(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('rounds dollar columns only', () => {
    expect(exportValue({ cost_usd: 0.13996060000000002 }, 'cost_usd')).toBe(0.1399606);
    expect(exportValue({ reported_cost_usd: 0.1 + 0.2 }, 'reported_cost_usd')).toBe(0.3);
    expect(exportValue({ prompt_tokens: 0.1 + 0.2 }, 'prompt_tokens')).toBe(0.1 + 0.2);
    expect(exportValue({ cost_usd: null }, 'cost_usd')).toBeNull();
  });
});

describe('roundUsd', () => {
  it('removes the noise of summed prices', () => {
    expect(String(roundUsd(0.13996060000000002))).toBe('0.1399606');
    expect(String(roundUsd(3 * 0.000003 + 0.000015))).toBe('0.000024');
    expect(roundUsd(-0)).toBe(0);
    expect(Object.is(roundUsd(-1e-12), 0)).toBe(true);
  });

  it('stays within half a unit of the 10th decimal of the exact figure and never prints more than 10 decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (amount) => {
        const rounded = roundUsd(amount);
        expect(Math.abs(rounded - amount)).toBeLessThanOrEqual(5e-11 + Math.abs(amount) * 1e-15);
        const decimals = String(rounded).split('.')[1] ?? '';
        if (!String(rounded).includes('e')) expect(decimals.length).toBeLessThanOrEqual(10);
      }),
    );
  });
});
