import type { EventOf, KnownEventType, SessionEvent } from '../../../protocol/event-schemas';
import { parseEvent } from '../../../protocol/parse-event';
import type { LiveEventEntry } from '../live-types';

/**
 * Builds an event through the protocol's own parser, so a fixture that drifts
 * from the contract fails loudly instead of testing a shape that cannot occur.
 */
export function makeEvent<T extends KnownEventType>(
  type: T,
  seq: number,
  // Loose on purpose: the parser below is the check, and it can also be handed wrong shapes in tests.
  fields: Record<string, unknown> = {},
): EventOf<T> {
  const parsed = parseEvent({ session_id: 's1', ts: 1_700_000_000_000 + seq, ...fields, type, seq });
  if (!parsed.ok) throw new Error(`bad fixture: ${parsed.error}`);
  return parsed.event as EventOf<T>;
}

export function entry(event: SessionEvent, cursor: number | null = null): LiveEventEntry {
  return { cursor, event };
}
