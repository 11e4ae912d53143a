import { describe, expect, it } from 'vitest';
import { eventRowView } from './event-row-view';

const event = () => ({ session_id: 's1', seq: 7, ts: '2026-11-24T13:00:00.123Z', type: 'text_complete', text: 'All done.' });

describe('eventRowView', () => {
  it('shows the summary, the clock with milliseconds and zone, and the full date', () => {
    expect(eventRowView(event(), 'UTC')).toEqual({
      timeZone: 'UTC',
      summary: { kind: 'known', text: 'All done.' },
      clock: '13:00:00.123 UTC',
      iso: '2026-11-24T13:00:00.123Z',
      title: '24 Nov 2026, 13:00:00 UTC',
    });
  });

  it('works an event out once per zone, and again when the zone changes', () => {
    const e = event();
    const utc = eventRowView(e, 'UTC');
    expect(eventRowView(e, 'UTC')).toBe(utc);
    const berlin = eventRowView(e, 'Europe/Berlin');
    expect(berlin).not.toBe(utc);
    expect(berlin.clock).toBe('14:00:00.123 CET');
    expect(berlin.summary).toBe(utc.summary);
    // Another object with the same content is another event to the cache: worked out on its own.
    expect(eventRowView(event(), 'UTC')).not.toBe(utc);
  });

  it('labels an event that breaks the contract, and one whose time cannot be read', () => {
    const view = eventRowView({ session_id: 's1', seq: 8, ts: 'not a time', type: 'token_usage' }, 'UTC');
    expect(view.summary.kind).toBe('invalid');
    expect(view.iso).toBe('');
  });
});
