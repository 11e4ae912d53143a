import type { SessionEvent } from '../../protocol/event-schemas';
import type { LiveEventEntry } from '../live-types';

// Events come from the protocol's own fixture builder, shared with the present fold's tests.
export { makeEvent } from '../../protocol/test-support/make-event';

export function entry(event: SessionEvent, cursor: number | null = null): LiveEventEntry {
  return { cursor, event };
}
