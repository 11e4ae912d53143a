import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The header's zone choice: the browser's zone (Tokyo here) or UTC, kept in
// localStorage for the next visit, and followed by every formatter at once.

const STORAGE_KEY = 'tether-watch:time-zone';
const instant = Date.UTC(2026, 0, 10, 13, 3, 7);
const previousTz = process.env.TZ;

/** Loaded afresh after storage is set up: the store reads localStorage and the browser's zone once. */
async function load() {
  vi.resetModules();
  const [{ TimeZoneToggle }, format] = await Promise.all([import('./time-zone-toggle'), import('../../lib/format/format')]);
  return { TimeZoneToggle, formatZonedClock: format.formatZonedClock };
}

beforeAll(() => {
  process.env.TZ = 'Asia/Tokyo';
});
afterAll(() => {
  // Assigning undefined would set the text "undefined".
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

describe('TimeZoneToggle', () => {
  it('starts in the browser zone, switches to UTC and back, and every formatter follows', async () => {
    const { TimeZoneToggle, formatZonedClock } = await load();
    const user = userEvent.setup();
    render(<TimeZoneToggle />);
    const toggle = screen.getByRole('button', { name: 'Times shown in Asia/Tokyo. Switch to UTC' });
    // The clock is drawn: an emoji showed as an empty box where no emoji font is installed.
    expect(toggle.textContent).toBe('GMT+9');
    expect(toggle.querySelector('svg')).not.toBeNull();
    expect(formatZonedClock(instant)).toBe('22:03:07 GMT+9');

    await user.click(toggle);
    expect(toggle.getAttribute('aria-label')).toBe('Times shown in UTC. Switch to your zone (Asia/Tokyo)');
    expect(toggle.textContent).toContain('UTC');
    expect(formatZonedClock(instant)).toBe('13:03:07 UTC');
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toMatchObject({ state: { choice: 'utc' } });

    await user.click(toggle);
    expect(toggle.getAttribute('aria-label')).toBe('Times shown in Asia/Tokyo. Switch to UTC');
    expect(formatZonedClock(instant)).toBe('22:03:07 GMT+9');
  });

  it('keeps the choice for the next visit', async () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ state: { choice: 'utc' }, version: 0 }));
    const { TimeZoneToggle, formatZonedClock } = await load();
    render(<TimeZoneToggle />);
    expect(screen.getByRole('button', { name: 'Times shown in UTC. Switch to your zone (Asia/Tokyo)' })).toBeTruthy();
    expect(formatZonedClock(instant)).toBe('13:03:07 UTC');
  });

  it('falls back to the browser zone when the stored choice is not one', async () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ state: { choice: 'Mars/Olympus' }, version: 0 }));
    const { TimeZoneToggle, formatZonedClock } = await load();
    render(<TimeZoneToggle />);
    expect(screen.getByRole('button', { name: 'Times shown in Asia/Tokyo. Switch to UTC' })).toBeTruthy();
    expect(formatZonedClock(instant)).toBe('22:03:07 GMT+9');
  });
});
