import { afterEach, describe, expect, it } from 'vitest';
import { formatZonedClock, formatZoneName, setDefaultTimeZone } from './format';

const winter = Date.UTC(2026, 0, 10, 13, 3, 7, 45); // 10 Jan 2026, 13:03:07.045 UTC
const summer = Date.UTC(2026, 6, 10, 13, 3, 7, 45); // 10 Jul 2026

describe('formatZonedClock', () => {
  afterEach(() => setDefaultTimeZone(undefined));

  it.each([
    ['UTC', winter, '13:03:07 UTC'],
    ['Europe/Berlin', winter, '14:03:07 CET'],
    ['Europe/Berlin', summer, '15:03:07 CEST'],
    ['America/New_York', winter, '08:03:07 GMT-5'],
    ['Asia/Tokyo', winter, '22:03:07 GMT+9'],
  ])('names the zone in %s at the instant', (timeZone, ms, expected) => {
    expect(formatZonedClock(ms, { timeZone })).toBe(expected);
  });

  it('keeps milliseconds when asked, for rows where they tell events apart', () => {
    expect(formatZonedClock(winter, { timeZone: 'UTC', milliseconds: true })).toBe('13:03:07.045 UTC');
    expect(formatZonedClock(summer, { timeZone: 'Europe/Berlin', milliseconds: true })).toBe('15:03:07.045 CEST');
  });

  it("follows the app's zone choice when no zone is passed", () => {
    setDefaultTimeZone('UTC');
    expect(formatZonedClock(winter)).toBe('13:03:07 UTC');
    setDefaultTimeZone('Asia/Tokyo');
    expect(formatZonedClock(winter)).toBe('22:03:07 GMT+9');
  });

  it('shows a dash for a time that is not one', () => {
    expect(formatZonedClock(Number.NaN, { timeZone: 'UTC' })).toBe('—');
  });
});

describe('formatZoneName', () => {
  afterEach(() => setDefaultTimeZone(undefined));

  it('is the zone as formatZonedClock writes it, summer time included', () => {
    expect(formatZoneName(winter, 'UTC')).toBe('UTC');
    expect(formatZoneName(winter, 'Europe/Berlin')).toBe('CET');
    expect(formatZoneName(summer, 'Europe/Berlin')).toBe('CEST');
    setDefaultTimeZone('America/New_York');
    expect(formatZoneName(winter)).toBe('GMT-5');
  });
});
