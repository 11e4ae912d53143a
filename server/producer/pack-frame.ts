import type { PendingEvent } from './pending-event';

export interface PackedFrame {
  events: PendingEvent[];
  /** Events that fit no frame: the server would close the socket on them, and a resend would meet the same fate. */
  tooLarge: PendingEvent[];
  /** How many queued events (packed or too large) the frame used up, from the front. */
  taken: number;
}

/**
 * The next frame from the front of `queue`: at most `maxBatch` events and
 * `maxFrameBytes` of JSON (a lone event up to the limit still goes). Serialises
 * each event once and remembers it, for resends.
 */
export function packFrame(queue: readonly PendingEvent[], maxBatch: number, maxFrameBytes: number): PackedFrame {
  const events: PendingEvent[] = [];
  const tooLarge: PendingEvent[] = [];
  let frameBytes = 1; // the array's brackets and commas: one byte per event, plus one
  let taken = 0;
  for (; taken < queue.length && events.length < maxBatch; taken++) {
    const pending = queue[taken]!;
    pending.json ??= JSON.stringify(pending.event);
    pending.bytes ??= Buffer.byteLength(pending.json);
    if (pending.bytes + 2 > maxFrameBytes) {
      tooLarge.push(pending);
      continue;
    }
    if (events.length > 0 && frameBytes + pending.bytes + 1 > maxFrameBytes) break;
    frameBytes += pending.bytes + 1;
    events.push(pending);
  }
  return { events, tooLarge, taken };
}
