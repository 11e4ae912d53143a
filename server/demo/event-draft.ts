import { DEMO_PRODUCER } from '#protocol/demo-producer';
import type { EventOf, KnownEventType, SessionEvent } from '#protocol/event-schemas';

// A scenario describes what an agent does, not who it is or when: drafts carry
// the payload, and the runner stamps the envelope (session_id, seq, ts) on the
// way out, because only it knows the session's id, its counter and the clock.

type WithoutIndexSignature<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
type EnvelopeField = 'session_id' | 'seq' | 'ts' | 'v' | 'producer';
type DraftOf<T extends KnownEventType> = Omit<WithoutIndexSignature<EventOf<T>>, EnvelopeField>;
type PlainEventType = Exclude<KnownEventType, 'session_sync'>;

/** The session summary minus what the runner fills in: the id and the timestamps. */
export interface SessionSyncDraft {
  type: 'session_sync';
  session: { title: string; agent: string; metadata: { model: string } };
}

export type EventDraft = { [T in PlainEventType]: DraftOf<T> }[PlainEventType] | SessionSyncDraft;

/** One thing a session does, `atMs` after it started (scenario time, before any speed-up). */
export interface ScenarioStep {
  atMs: number;
  event: EventDraft;
}

export interface EnvelopeStamp {
  sessionId: string;
  seq: number;
  /** RFC 3339 with milliseconds. */
  ts: string;
  /** When the session started, for `session.created_at`. */
  createdAt: string;
}

/**
 * The wire event: the draft plus its envelope (and, for session_sync, the summary's id and
 * times). Every event names the demo as its producer, so the store marks its sessions as
 * demo sessions (server/store/demo-sessions.ts): left out of costs and alerts, removable.
 */
export function stampEvent(draft: EventDraft, stamp: EnvelopeStamp): SessionEvent {
  const envelope = { session_id: stamp.sessionId, seq: stamp.seq, ts: stamp.ts, producer: DEMO_PRODUCER };
  if (draft.type === 'session_sync') {
    const session = { id: stamp.sessionId, ...draft.session, created_at: stamp.createdAt, updated_at: stamp.ts };
    return { ...envelope, type: 'session_sync', session };
  }
  return { ...envelope, ...draft };
}
