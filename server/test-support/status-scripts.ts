import fc from 'fast-check';
import type { KnownEventType } from '#protocol/event-schemas';
import type { IngestItem } from '../ingest/ingest-item';
import { makeItem, makeUnknownItem } from './store-test-events';

// Generated event scripts for the status tests: what a session's producer might
// send, in an order the network might deliver it. Shared by the fold-vs-browser
// property test and the store contract's status filter cases.

const callId = fc.constantFrom('c1', 'c2');
const maybeCallId = fc.option(callId, { nil: undefined });
const toolName = fc.constantFrom('bash', 'read');
const trace = fc.constantFrom('t1', 't2');
const approvalId = fc.constantFrom('a1', 'a2');

export type Draft = { type: KnownEventType | 'future_variant'; fields: Record<string, unknown> };
const draft = (type: Draft['type'], fields: fc.Arbitrary<Record<string, unknown>> = fc.constant({})) =>
  fields.map((f): Draft => ({ type, fields: f }));

/** Every event type, with ids drawn from small pools so that starts, completions and settlements meet. */
export const eventDraft: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 3, arbitrary: draft('thinking') },
  { weight: 2, arbitrary: draft('thinking_complete') },
  { weight: 3, arbitrary: draft('text_chunk') },
  { weight: 2, arbitrary: draft('text_complete') },
  { weight: 4, arbitrary: draft('tool_call_start', fc.record({ tool_call_id: maybeCallId, name: toolName })) },
  { weight: 3, arbitrary: draft('tool_call_complete', fc.record({ tool_call_id: maybeCallId, name: toolName })) },
  { weight: 2, arbitrary: draft('tool_heartbeat', fc.record({ tool_call_id: callId, name: toolName })) },
  { weight: 2, arbitrary: draft('tool_output_chunk', fc.record({ tool_call_id: callId, name: toolName })) },
  { weight: 1, arbitrary: draft('tool_call_metadata', fc.record({ tool_call_id: callId, name: toolName })) },
  { weight: 2, arbitrary: draft('rlm_progress', fc.record({ trace_id: trace })) },
  { weight: 2, arbitrary: draft('rlm_complete', fc.record({ trace_id: trace })) },
  { weight: 2, arbitrary: draft('compaction_started', fc.record({ trace_id: trace })) },
  { weight: 1, arbitrary: draft('compaction_completed', fc.record({ trace_id: trace })) },
  { weight: 1, arbitrary: draft('compaction_failed', fc.record({ trace_id: trace })) },
  { weight: 2, arbitrary: draft('stream_retry') },
  { weight: 3, arbitrary: draft('approval_request', fc.record({ approval_id: approvalId, tool_call_id: callId, tool: toolName })) },
  { weight: 2, arbitrary: draft('approval_decision', fc.record({ approval_id: approvalId })) },
  { weight: 2, arbitrary: draft('done') },
  { weight: 1, arbitrary: draft('error') },
  { weight: 1, arbitrary: draft('token_usage') },
  { weight: 1, arbitrary: draft('usage_report') },
  { weight: 1, arbitrary: draft('session_sync') },
  { weight: 1, arbitrary: draft('token_estimate') },
  { weight: 1, arbitrary: draft('play_break') },
  { weight: 1, arbitrary: draft('context_truncated') },
  { weight: 1, arbitrary: draft('rlm_subcall_fallback') },
  { weight: 1, arbitrary: draft('future_variant') },
);

/**
 * A session's events in arrival order: distinct seqs, event time rising with seq
 * (one second apart, the newest at `lastTsMs`), and some neighbours swapped (a
 * late resend arrives after a newer event; the present must then ignore it).
 */
export function sessionScript(sessionId: string, lastTsMs: number, maxLength = 40, firstSeq = 1): fc.Arbitrary<IngestItem[]> {
  return fc
    .tuple(fc.array(eventDraft, { minLength: 1, maxLength }), fc.array(fc.boolean(), { maxLength }))
    .map(([drafts, swaps]) => {
      const items: IngestItem[] = drafts.map(({ type, fields }, i) => {
        const seq = firstSeq + i;
        const tsMs = lastTsMs - (drafts.length - 1 - i) * 1000;
        return type === 'future_variant' ? makeUnknownItem(sessionId, seq, tsMs) : makeItem(type, sessionId, seq, tsMs, fields);
      });
      for (let i = 0; i + 1 < items.length; i++) {
        if (swaps[i]) [items[i], items[i + 1]] = [items[i + 1]!, items[i]!];
      }
      return items;
    });
}
