import { screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setDefaultTimeZone } from '../../../lib/format/format';
import type { AlertRecord } from '../../../protocol/alert-schemas';
import { renderApp } from '../../../test-support/render-app';
import { AlertItem } from './alert-item';

// One alert as the centre and the history page show it: what and when, where it
// leads (its session, or the Cost page for the day's spend), acknowledged or not.

const base: AlertRecord = {
  id: 7,
  kind: 'error',
  session_id: 'sess/with slash',
  agent: 'build',
  ts_ms: Date.UTC(2026, 11, 3, 14, 2, 59),
  message: 'provider down',
  cleared_ms: null,
  acked_ms: null,
};

// Times read in UTC here, whatever the machine's zone.
beforeAll(() => setDefaultTimeZone('UTC'));
afterAll(() => setDefaultTimeZone(undefined));

function renderItem(alert: AlertRecord, acking = false) {
  const onAck = vi.fn<(id: number) => void>();
  const view = renderApp(
    <ul>
      <AlertItem alert={alert} onAck={onAck} acking={acking} />
    </ul>,
  );
  return { ...view, onAck, item: screen.getByRole('listitem') };
}

describe('AlertItem', () => {
  it('offers Acknowledge while unread and links to its session, the id escaped', async () => {
    const { item, onAck, user, router } = renderItem(base);
    expect(item.textContent).toContain('Session error');
    expect(item.textContent).toContain('provider down');
    expect(item.querySelector('time')?.getAttribute('dateTime')).toBe('2026-12-03T14:02:59.000Z');

    await user.click(within(item).getByRole('button', { name: 'Acknowledge' }));
    expect(onAck).toHaveBeenCalledExactlyOnceWith(7);
    await user.click(within(item).getByRole('link', { name: 'Open session' }));
    expect(router.state.location.pathname).toBe('/sessions/sess%2Fwith%20slash');
  });

  it('cannot be acknowledged twice while an acknowledgement is on its way', () => {
    const { item } = renderItem(base, true);
    expect(within(item).getByRole('button', { name: 'Acknowledge' })).toHaveProperty('disabled', true);
  });

  it('says Acknowledged instead of the button once read, and Cleared once its condition passed', () => {
    const { item } = renderItem({ ...base, acked_ms: base.ts_ms + 1_000, cleared_ms: base.ts_ms + 60_000 });
    expect(within(item).queryByRole('button')).toBeNull();
    expect(item.textContent).toContain('Acknowledged');
    expect(within(item).getByText('Cleared').getAttribute('title')).toMatch(/^Cleared .*14:03:59 UTC$/);
  });

  it("leads the day's spend, which has no session, to the Cost page", async () => {
    const { item, user, router } = renderItem({ ...base, kind: 'daily_spend', session_id: null });
    await user.click(within(item).getByRole('link', { name: 'Open Cost page' }));
    expect(router.state.location.pathname).toBe('/usage');
  });
});
