import { describe, expect, it } from 'vitest';
import type { CodetetherServeHealth } from '../../../protocol/health-schemas';
import { describeCodetetherServe } from './codetether-serve-view';

const base: CodetetherServeHealth = {
  url: 'http://127.0.0.1:4096/v1/bus/stream', connected: true, connected_since: '2026-12-03T14:00:00.000Z', reconnects: 0, lag_events: 0,
  lagged_messages: 0, events: 12, duplicates: 0, rejected: 0, last_event_at: '2026-12-03T14:01:00.000Z', last_error: null, last_error_at: null,
};

describe('describeCodetetherServe', () => {
  it('says live, with nothing more, when all is well', () => {
    expect(describeCodetetherServe(base, 'UTC')).toEqual({ state: 'live', label: 'Live', detail: null, notes: [] });
  });

  it('shows how many events lag cost, formatted', () => {
    const view = describeCodetetherServe({ ...base, lag_events: 2, lagged_messages: 1234 }, 'UTC');
    expect(view.detail).toBe('1,234 lost to lag');
    expect(view.notes).toEqual(["The agent's bus skipped 1,234 events in 2 lag events: those updates are lost"]);
  });

  it('says down with the retries and the error, with its time and zone', () => {
    const view = describeCodetetherServe(
      { ...base, connected: false, connected_since: null, reconnects: 3, last_error: 'codetether serve refused the token (401)', last_error_at: '2026-12-03T14:03:04.000Z' },
      'UTC',
    );
    expect(view).toEqual({
      state: 'reconnecting', label: 'Down', detail: 'retry 3',
      notes: ['Error (3 Dec 2026, 14:03:04 UTC): codetether serve refused the token (401)'],
    });
  });

  it('says connecting before the first attempt has failed', () => {
    expect(describeCodetetherServe({ ...base, connected: false, connected_since: null }, 'UTC')).toMatchObject({ label: 'Connecting…', detail: null });
  });
});
