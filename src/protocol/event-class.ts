import type { KnownEventType } from './event-schemas';

/**
 * durable: `SessionEvent::is_durable()`; never dropped, persisted before acknowledged.
 * history: stored so a reloaded session still shows its transcript.
 * ephemeral: live only; a newer tick supersedes it, so it may be dropped under load.
 */
export type EventClass = 'durable' | 'history' | 'ephemeral';

export const eventClassByType: Record<KnownEventType, EventClass> = {
  thinking: 'ephemeral',
  tool_call_start: 'history',
  tool_call_complete: 'history',
  text_chunk: 'ephemeral',
  text_complete: 'history',
  thinking_complete: 'history',
  usage_report: 'history',
  session_sync: 'ephemeral',
  done: 'history',
  error: 'history',
  token_estimate: 'ephemeral',
  token_usage: 'durable',
  rlm_progress: 'ephemeral',
  rlm_complete: 'durable',
  compaction_started: 'durable',
  compaction_completed: 'durable',
  compaction_failed: 'durable',
  context_truncated: 'durable',
  rlm_subcall_fallback: 'durable',
  tool_heartbeat: 'ephemeral',
  tool_output_chunk: 'ephemeral',
  tool_call_metadata: 'history',
  approval_request: 'history',
  approval_decision: 'history',
  stream_retry: 'ephemeral',
  play_break: 'ephemeral',
};

/**
 * The class of any `type`. An unknown type is accepted, passed on live and
 * counted, but not stored: nothing tells us it is worth keeping.
 */
export function eventClassOf(type: string): EventClass {
  return Object.hasOwn(eventClassByType, type) ? eventClassByType[type as KnownEventType] : 'ephemeral';
}

/** Exactly the seed's `SessionEvent::is_durable()` set. */
export function isDurable(type: string): boolean {
  return eventClassOf(type) === 'durable';
}

/** Durable and history events are stored; ephemeral ones only travel live. */
export function isStored(type: string): boolean {
  return eventClassOf(type) !== 'ephemeral';
}
