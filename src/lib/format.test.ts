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
  shortId,
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
