import { describe, expect, it } from 'vitest';
import { formatUsdCompact } from './format';

describe('formatUsdCompact', () => {
  it('keeps small amounts exact and shortens large ones', () => {
    expect(formatUsdCompact(0.0042)).toBe('$0.0042');
    expect(formatUsdCompact(0)).toBe('$0.00');
    expect(formatUsdCompact(4.2)).toBe('$4.20');
    expect(formatUsdCompact(42.4)).toBe('$42');
    expect(formatUsdCompact(1234.56)).toBe('$1.2k');
    expect(formatUsdCompact(3_400_000)).toBe('$3.4M');
    expect(formatUsdCompact(Number.NaN)).toBe('—');
  });
});
