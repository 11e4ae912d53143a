import type { CodetetherServeHealth } from '../../../protocol/health-schemas';
import { formatCount, formatDateTime } from '../../../lib/format/format';

export interface CodetetherServeView {
  /** Drives the dot's shape and colour, as the live connection's does. */
  state: 'live' | 'reconnecting';
  /** The state in a word (announced when it changes). */
  label: string;
  detail: string | null;
  /** Longer notes: the last error with its time, envelopes lost to lag. Shown on hover and read by screen readers. */
  notes: string[];
}

/** What the header says about the server's `codetether serve` connection. */
export function describeCodetetherServe(health: CodetetherServeHealth, timeZone?: string): CodetetherServeView {
  const lost = health.lagged_messages;
  const notes: string[] = [];
  if (health.lag_events > 0) {
    notes.push(`The agent's bus skipped ${formatCount(lost)} events in ${formatCount(health.lag_events)} lag ${health.lag_events === 1 ? 'event' : 'events'}: those updates are lost`);
  }
  if (health.last_error !== null) {
    const at = health.last_error_at === null ? '' : ` (${formatDateTime(Date.parse(health.last_error_at), timeZone)})`;
    notes.push(`${health.connected ? 'Last error' : 'Error'}${at}: ${health.last_error}`);
  }
  if (health.connected) {
    return { state: 'live', label: 'Live', detail: health.lag_events > 0 ? `${formatCount(lost)} lost to lag` : null, notes };
  }
  if (health.reconnects === 0) return { state: 'reconnecting', label: 'Connecting…', detail: null, notes };
  return { state: 'reconnecting', label: 'Down', detail: `retry ${formatCount(health.reconnects)}`, notes };
}
