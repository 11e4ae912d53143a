import { act, render, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A figure frozen by a dropped live connection: shown as is while live; greyed
// and saying since when (in the zone the app shows times in) once frozen. The
// browser's zone is Tokyo here, so "local" and "UTC" read differently.

const frozenAt = Date.UTC(2026, 0, 10, 13, 3, 7); // 22:03:07 in Tokyo (GMT+9)
const previousTz = process.env.TZ;

/** Loaded after the zone is set: the app reads the browser's zone once. */
async function load() {
  vi.resetModules();
  const [{ FrozenFigure }, { useTimeZoneStore }] = await Promise.all([import('./frozen-figure'), import('../lib/time/time-zone-store')]);
  return { FrozenFigure, useTimeZoneStore };
}

beforeAll(() => {
  process.env.TZ = 'Asia/Tokyo';
});
afterAll(() => {
  // Assigning undefined would set the text "undefined".
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

describe('FrozenFigure', () => {
  it('shows the figure as it is while live', async () => {
    const { FrozenFigure } = await load();
    const { container } = render(<FrozenFigure sinceMs={null}>$1.23</FrozenFigure>);
    expect(container.textContent).toBe('$1.23');
    expect(container.querySelector('[data-frozen]')).toBeNull();
  });

  it('greys a frozen figure and says since when, in the chosen zone', async () => {
    const { FrozenFigure, useTimeZoneStore } = await load();
    render(<FrozenFigure sinceMs={frozenAt}>$1.23</FrozenFigure>);
    const frozen = screen.getByTitle('Not updating: the live connection is down');
    expect(frozen.getAttribute('data-frozen')).toBe('true');
    expect(frozen.textContent).toBe('$1.23 as of 22:03:07 GMT+9');

    act(() => useTimeZoneStore.getState().setChoice('utc'));
    expect(frozen.textContent).toBe('$1.23 as of 13:03:07 UTC');
  });
});
