import type { EventOf, KnownEventType } from '../event-schemas';
import { parseEvent } from '../parse-event';

/**
 * Builds an event through the protocol's own parser (session `s1`, event time
 * 1_700_000_000_000 + seq ms unless given), so a fixture that drifts from the
 * contract fails loudly instead of testing a shape that cannot occur.
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
