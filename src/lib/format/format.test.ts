import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatClockTime,
  formatCount,
  formatAge,
  formatDuration,
  formatPercent,
  formatRelativeTime,
  formatTokens,
  formatUsd,
  oneLine,
  sessionLabel,
  shortId,
  uniqueShortIds,
  usdColumnFormatter,
} from './format';

describe('formatTokens', () => {
  it.each([
    [0, '0'],
    [950, '950'],
    [999, '999'],
    [1000, '1.0k'],
    [1234, '1.2k'],
    [12_345, '12.3k'],
    [123_456, '123k'],
    [999_950, '1.0M'],
    [3_400_000, '3.4M'],
    [1_100_000_000, '1.1B'],
    [-1500, '-1.5k'],
    [Number.NaN, '—'],
  ])('%d -> %s', (input, expected) => expect(formatTokens(input)).toBe(expected));
});

describe('formatUsd', () => {
  it.each([
    [0.0042, '$0.0042'],
    [0.5, '$0.50'],
    [0.12345, '$0.1235'],
    [12.34, '$12.34'],
    [1234.5, '$1,234.50'],
    [0, '$0.00'],
    [0.00001, '<$0.0001'],
  ])('%d -> %s', (input, expected) => expect(formatUsd(input)).toBe(expected));

  it('never shows an unpriced model as $0', () => expect(formatUsd(null)).toBe('unpriced'));
});

describe('formatAge', () => {
  it.each([
    [0, '0 s'],
    [27_400, '27 s'],
    [59_999, '59 s'],
    [619_000, '10m 19s'],
    [7_500_000, '2h 05m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 04h'],
    [-1, '—'],
  ])('%d ms -> %s', (input, expected) => expect(formatAge(input)).toBe(expected));
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [820, '820 ms'],
    [999.4, '999 ms'],
    [999.6, '1.0 s'],
    [1500, '1.5 s'],
    [59_940, '59.9 s'],
    [59_960, '1m 00s'],
    [125_000, '2m 05s'],
    [3_720_000, '1h 02m'],
    [-5, '—'],
  ])('%d -> %s', (input, expected) => expect(formatDuration(input)).toBe(expected));
});

describe('formatRelativeTime', () => {
  const now = Date.UTC(2026, 10, 24, 13, 0, 0);
  it.each([
    [now - 400, 'just now'],
    [now + 5_000, 'just now'],
    [now - 12_000, '12 s ago'],
    [now - 5 * 60_000, '5 min ago'],
    [now - 3 * 3_600_000, '3 h ago'],
    [now - 2 * 86_400_000, '2 d ago'],
  ])('%d -> %s', (then, expected) => expect(formatRelativeTime(then, now)).toBe(expected));

  it('shows the date past a week', () => {
    expect(formatRelativeTime(Date.UTC(2026, 10, 1, 9), now, 'UTC')).toBe('1 Nov 2026');
  });
});

describe('formatPercent', () => {
  it.each([
    [0, '0%'],
    [0.004, '<1%'],
    [0.423, '42%'],
    [0.996, '99%'],
    [1, '100%'],
    [1.25, '125%'],
  ])('%d -> %s', (input, expected) => expect(formatPercent(input)).toBe(expected));
});

describe('small helpers', () => {
  it('formats counts with separators', () => expect(formatCount(12345)).toBe('12,345'));
  it('formats clock time with milliseconds', () => {
    expect(formatClockTime(Date.UTC(2026, 10, 24, 13, 0, 0, 123), 'UTC')).toBe('13:00:00.123');
  });
  it('shortens ids', () => expect(shortId('3f0c9a1e-1111-2222')).toBe('3f0c9a1e'));
  it('flattens to one line', () => expect(oneLine('a\n  b\tc', 4)).toBe('a b…'));
});

describe('usdColumnFormatter', () => {
  it('gives every cell of a column the same decimals, as many as its most precise figure needs', () => {
    const column = [12.3456, 0.0042, 1234.5, 0];
    expect(column.map(usdColumnFormatter(column))).toEqual(['$12.3456', '$0.0042', '$1,234.5000', '$0.0000']);
    // Per cell (formatUsd) the same column mixed 2 and 4 decimals: $12.35 above $0.0042.
    expect(column.map(formatUsd)).toEqual(['$12.35', '$0.0042', '$1,234.50', '$0.00']);
  });

  it('keeps what formatUsd shows of each figure, and cents when that is all there is', () => {
    expect([0.25, 3.1, null].map(usdColumnFormatter([0.25, 3.1, null]))).toEqual(['$0.25', '$3.10', 'unpriced']);
    expect([0.6, 0.06, 0.01].map(usdColumnFormatter([0.6, 0.06, 0.01]))).toEqual(['$0.60', '$0.06', '$0.01']);
    expect([0.609, 0.009].map(usdColumnFormatter([0.609, 0.009]))).toEqual(['$0.609', '$0.009']);
    expect([0.0135, 0.5].map(usdColumnFormatter([0.0135, 0.5]))).toEqual(['$0.0135', '$0.5000']);
    const tiny = usdColumnFormatter([0.00000012, 0.5]);
    expect([tiny(0.5), tiny(0.00000012)]).toEqual(['$0.50', '<$0.0001']);
    expect(usdColumnFormatter([])(1)).toBe('$1.00');
  });

  it('never shows a figure less precisely than formatUsd would', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.0001, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 8 }), (column) => {
        const format = usdColumnFormatter(column);
        for (const amount of column) {
          const cell = Number(format(amount).replace(/[$,]/g, ''));
          const single = Number(formatUsd(amount).replace(/[$,]/g, ''));
          expect(Math.abs(cell - amount)).toBeLessThanOrEqual(Math.abs(single - amount) + 1e-9);
        }
        expect(new Set(column.map((a) => (format(a).split('.')[1] ?? '').length)).size).toBe(1);
      }),
    );
  });
});

describe('uniqueShortIds', () => {
  it('shows 8 characters, more only where two shown ids share them', () => {
    const ids = ['a5123b24-1111', 'a5123b24-2222', '9f00aa11-0000', 'a5123b2'];
    expect(Object.fromEntries(uniqueShortIds(ids))).toEqual({
      'a5123b24-1111': 'a5123b24-1',
      'a5123b24-2222': 'a5123b24-2',
      '9f00aa11-0000': '9f00aa11',
      a5123b2: 'a5123b2',
    });
    // Alone, the same id is short again.
    expect(uniqueShortIds(['a5123b24-1111']).get('a5123b24-1111')).toBe('a5123b24');
  });

  it('never gives two shown ids the same short id, and each is a prefix of its id', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ab0-]{1,14}$/), { maxLength: 30 }), (ids) => {
        const shorts = uniqueShortIds(ids);
        const seen = new Set(shorts.values());
        expect(seen.size).toBe(new Set(ids).size);
        for (const [id, short] of shorts) expect(id.startsWith(short)).toBe(true);
      }),
    );
  });

  it('labels a session by title and short id', () => {
    expect(sessionLabel('Fix the build', 'a5123b24')).toBe('Fix the build · a5123b24');
    expect(sessionLabel('  ', 'a5123b24')).toBe('a5123b24');
    expect(sessionLabel(null, 'a5123b24')).toBe('a5123b24');
  });
});
