import type { SessionEvent } from '#protocol/event-schemas';

/** One event the client has accepted from its caller and not yet settled. */
export interface PendingEvent {
  /** Client-wide, increasing in send() order: what whenAcked() waits on. */
  readonly serial: number;
  readonly event: SessionEvent;
  /** Durable or history: kept until an ack covers it, resent after a reconnect. */
  readonly stored: boolean;
  /** Times written to a socket; more than one means it was resent. */
  writes: number;
  /** Serialised once, on first write, and reused for resends. */
  json?: string;
  /** UTF-8 length of `json`: what frames are packed by. */
  bytes?: number;
}

/**
 * Stored events waiting for an ack, per session and in seq order, so a reconnect
 * can resend exactly what the server has not confirmed.
 */
export class UnackedBuffer {
  private readonly bySession = new Map<string, Map<number, PendingEvent>>();
  private total = 0;

  /** Returns the event it replaces when the caller reused a `(session_id, seq)`. */
  add(pending: PendingEvent): PendingEvent | undefined {
    const { session_id: sessionId, seq } = pending.event;
    let session = this.bySession.get(sessionId);
    if (!session) {
      session = new Map();
      this.bySession.set(sessionId, session);
    }
    const replaced = session.get(seq);
    if (!replaced) this.total++;
    session.set(seq, pending);
    return replaced;
  }

  /** True when the event was still waiting (so this removal settles it). */
  remove(pending: PendingEvent): boolean {
    const session = this.bySession.get(pending.event.session_id);
    if (session?.get(pending.event.seq) !== pending) return false;
    session.delete(pending.event.seq);
    if (session.size === 0) this.bySession.delete(pending.event.session_id);
    this.total--;
    return true;
  }

  has(pending: PendingEvent): boolean {
    return this.bySession.get(pending.event.session_id)?.get(pending.event.seq) === pending;
  }

  /** Everything unacknowledged, in the order the caller sent it. */
  inSendOrder(): PendingEvent[] {
    const all: PendingEvent[] = [];
    for (const session of this.bySession.values()) all.push(...session.values());
    return all.sort((a, b) => a.serial - b.serial);
  }

  get size(): number {
    return this.total;
  }
}
