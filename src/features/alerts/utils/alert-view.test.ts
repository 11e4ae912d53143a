import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../../protocol/alert-schemas';
import { alertHref, deliveryProblem, formatAlertTime, newAlertsSince, unreadBadge } from './alert-view';

const alert = (id: number, over: Partial<AlertRecord> = {}): AlertRecord => ({
  id,
  kind: 'error',
  session_id: 's-1',
  agent: null,
  ts_ms: 0,
  message: 'm',
  cleared_ms: null,
  acked_ms: null,
  ...over,
});

describe('alert view', () => {
  it('links a session alert to its page and daily spend to the Cost page', () => {
    expect(alertHref({ session_id: 'a/b' })).toBe('/sessions/a%2Fb');
    expect(alertHref({ session_id: null })).toBe('/usage');
  });

  it('names the zone of every time', () => {
    expect(formatAlertTime(Date.UTC(2026, 11, 3, 14, 2, 59), 'UTC')).toBe('3 Dec 2026, 14:02:59 UTC');
    expect(formatAlertTime(Date.UTC(2026, 6, 3, 14, 2, 59), 'Europe/Berlin')).toMatch(/16:02:59 CEST$/);
  });

  it('announces only new, unread alerts, oldest first', () => {
    const records = [alert(5), alert(4, { acked_ms: 1 }), alert(3), alert(2)];
    expect(newAlertsSince(records, 2).map((a) => a.id)).toEqual([3, 5]);
  });

  it('says when webhooks fail, and nothing otherwise', () => {
    expect(deliveryProblem(null)).toBeNull();
    expect(deliveryProblem({ webhooks: 1, pending: 2, failed: 0, last_failure: null })).toBeNull();
    expect(deliveryProblem({ webhooks: 1, pending: 0, failed: 2, last_failure: { url: 'https://h', error: 'HTTP 500', ts_ms: 0 } }, 'UTC')).toBe(
      '2 webhook deliveries failed after every retry. Last: HTTP 500 from https://h at 1 Jan 1970, 00:00:00 UTC.',
    );
    expect(unreadBadge(120)).toBe('99+');
  });
});
