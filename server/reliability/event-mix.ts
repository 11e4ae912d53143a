import { isStored } from '#protocol/event-class';
import type { KnownEventType, SessionEvent } from '#protocol/event-schemas';
import { sampleEvents } from '#protocol/sample-events';

/**
 * What a busy agent sends, by weight: durable cost records, transcript (history)
 * events, and ephemeral ticks that may be dropped. One in ten carries a few
 * kilobytes, so frames vary in size as real ones do.
 */
const mix: readonly KnownEventType[] = [
  'token_usage',
  'text_chunk',
  'tool_call_start',
  'token_usage',
  'thinking',
  'tool_call_complete',
  'token_estimate',
  'text_complete',
  'rlm_complete',
  'compaction_started',
];

/** The n-th event of a session (seq n + 1), deterministic for a given n. */
export function mixedEvent(sessionId: string, n: number): SessionEvent {
  const type = mix[n % mix.length]!;
  const base = { ...sampleEvents[type], session_id: sessionId, seq: n + 1, ts: Date.now() } as SessionEvent;
  if (type === 'text_complete' && n % 20 === 7) return { ...base, text: `step ${n}: ${'lorem ipsum '.repeat(300)}` } as SessionEvent;
  return base;
}

export const isStoredEvent = (event: SessionEvent): boolean => isStored(event.type);
