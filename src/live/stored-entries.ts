import type { StoredEventRecord } from '../protocol/api-schemas';
import type { LiveOp } from './live-types';

/**
 * The stored events (with a cursor) of a frame, in arrival order, which is
 * ascending cursor: the client lets each stored event through once, in order.
 * A snapshot carries none (it restates ephemeral state).
 */
export function storedEntriesOf(ops: readonly LiveOp[]): StoredEventRecord[] {
  const stored: StoredEventRecord[] = [];
  for (const op of ops) {
    if (op.kind !== 'events') continue;
    for (const entry of op.entries) if (entry.cursor !== null) stored.push({ cursor: entry.cursor, event: entry.event });
  }
  return stored;
}
