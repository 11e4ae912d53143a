import { ingestReplySchema, type IngestAck, type IngestFrameReply } from '#protocol/live-messages';
import type { PendingEvent } from './pending-event';

export type IngestReply = IngestFrameReply;

export function parseIngestReply(text: string): { ok: true; reply: IngestReply } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message}` };
  }
  const parsed = ingestReplySchema.safeParse(value);
  return parsed.success ? { ok: true, reply: parsed.data } : { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid reply' };
}

/**
 * Whether an ack can be the answer to this frame: every session it names is in
 * the frame and its seq lies within the frame's range for that session. Replies
 * carry no frame id, so this catches a server answering out of order, which
 * would otherwise settle the wrong events.
 */
export function ackFitsFrame(ack: IngestAck, frame: readonly PendingEvent[]): boolean {
  const seqRange = new Map<string, { min: number; max: number }>();
  for (const { event } of frame) {
    const range = seqRange.get(event.session_id);
    if (!range) seqRange.set(event.session_id, { min: event.seq, max: event.seq });
    else {
      range.min = Math.min(range.min, event.seq);
      range.max = Math.max(range.max, event.seq);
    }
  }
  return [...ack.acks].every(([sessionId, seq]) => {
    const range = seqRange.get(sessionId);
    return range !== undefined && seq >= range.min && seq <= range.max;
  });
}

export interface FrameSettlement {
  /** Covered by the ack: the server has them (stored, passed on live, or already had). */
  acked: PendingEvent[];
  rejected: { pending: PendingEvent; error: string }[];
  /** Stored events the ack did not cover: still the producer's to deliver. */
  uncovered: PendingEvent[];
}

/** Sorts a frame's events by what its ack says happened to each. */
export function settleFrame(ack: IngestAck, frame: readonly PendingEvent[]): FrameSettlement {
  const errorByIndex = new Map(ack.rejected.map((r) => [r.index, r.error]));
  const settlement: FrameSettlement = { acked: [], rejected: [], uncovered: [] };
  frame.forEach((pending, index) => {
    const error = errorByIndex.get(index);
    if (error !== undefined) {
      settlement.rejected.push({ pending, error });
      return;
    }
    const settledUpTo = ack.acks.get(pending.event.session_id);
    if (settledUpTo !== undefined && pending.event.seq <= settledUpTo) settlement.acked.push(pending);
    // An ephemeral event is never worth chasing: if the ack skipped it, it is gone.
    else if (pending.stored) settlement.uncovered.push(pending);
  });
  return settlement;
}
