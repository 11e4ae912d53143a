import type { EventOf, KnownEventType } from '#protocol/event-schemas';
import { sampleEvents } from '#protocol/sample-events';

/** Events of one session with increasing seq, built from the protocol samples. */
export function sessionEvents(sessionId: string, startSeq = 1) {
  let seq = startSeq - 1;
  return <T extends KnownEventType>(type: T, overrides: Partial<EventOf<T>> = {}): EventOf<T> => {
    seq += 1;
    return { ...sampleEvents[type], session_id: sessionId, seq, ts: Date.now(), ...overrides } as EventOf<T>;
  };
}

/** A unique session id per test, so tests never see each other's data. */
export function uniqueSessionId(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}`;
}
