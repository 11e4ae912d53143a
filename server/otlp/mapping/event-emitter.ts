import { LAST_EVENT_INDEX, SESSION_SYNC_INDEX, eventSeq, type RecordTime } from './event-seq';
import type { OtlpProducer } from './session-identity';

/** A protocol event draft: plain data, validated by the receiver with parseEvent like any producer's. */
export type EventDraft = Record<string, unknown>;

/**
 * Makes the events of one record at one moment: envelope (session, seq, ts in Unix
 * milliseconds, producer) plus payload. The n-th call gets index n (see event-seq.ts),
 * so the same record always yields the same seqs in the same order. A class, not
 * closures: one is made per mapped record, on the receiver's hot path.
 */
export class Emitter {
  private index = 0;

  constructor(
    private readonly out: EventDraft[],
    readonly sessionId: string,
    readonly producer: OtlpProducer,
    private readonly time: RecordTime,
    private readonly bucket: number,
  ) {}

  get ms(): number {
    return this.time.ms;
  }

  /** How many events this emitter made (not counting a session_sync). */
  get count(): number {
    return this.index;
  }

  emit(type: string, payload: Record<string, unknown> = {}): void {
    // Never reached by the families (at most four events per record); the guard keeps seqs unique regardless.
    if (this.index > LAST_EVENT_INDEX) return;
    this.out.push(this.make(this.index++, type, payload));
  }

  /** The session_sync the mapper adds the first time it sees a session (index 7, after the record's own events). */
  emitSessionSync(payload: Record<string, unknown>): void {
    this.out.push(this.make(SESSION_SYNC_INDEX, 'session_sync', payload));
  }

  /** Payload first, then the envelope over it, so no payload field can change an event's identity. */
  private make(seqIndex: number, type: string, payload: Record<string, unknown>): EventDraft {
    const event: EventDraft = Object.assign({}, payload);
    event.session_id = this.sessionId;
    event.seq = eventSeq(this.time.ms, this.bucket, seqIndex);
    event.ts = this.time.ms;
    event.type = type;
    event.producer = this.producer;
    return event;
  }
}

export function createEmitter(out: EventDraft[], sessionId: string, producer: OtlpProducer, time: RecordTime, bucket: number): Emitter {
  return new Emitter(out, sessionId, producer, time, bucket);
}
