import type { EventOf } from '../../../protocol/event-schemas';
import type { TimelineRow } from './timeline-rows';
import { knownEvent } from './typed-event';

export interface RlmTrace {
  traceId: string;
  progress: EventOf<'rlm_progress'> | null;
  complete: EventOf<'rlm_complete'> | null;
}

export interface RlmPanelData {
  traces: RlmTrace[];
  fallbacks: EventOf<'rlm_subcall_fallback'>[];
}

/** RLM runs by trace, first seen first: the last progress tick and the completion, plus subcall fallbacks. Pure. */
export function buildRlmPanel(rows: readonly TimelineRow[]): RlmPanelData {
  const byTrace = new Map<string, RlmTrace>();
  const fallbacks: EventOf<'rlm_subcall_fallback'>[] = [];
  const traceOf = (traceId: string) => {
    let trace = byTrace.get(traceId);
    if (!trace) {
      trace = { traceId, progress: null, complete: null };
      byTrace.set(traceId, trace);
    }
    return trace;
  };
  for (const row of rows) {
    const event = knownEvent(row.event);
    if (event?.type === 'rlm_progress') traceOf(event.trace_id).progress = event;
    else if (event?.type === 'rlm_complete') traceOf(event.trace_id).complete = event;
    else if (event?.type === 'rlm_subcall_fallback') fallbacks.push(event);
  }
  return { traces: [...byTrace.values()], fallbacks };
}

export type CompactionStep =
  | { kind: 'started'; event: EventOf<'compaction_started'> }
  | { kind: 'completed'; event: EventOf<'compaction_completed'> }
  | { kind: 'truncated'; event: EventOf<'context_truncated'> }
  | { kind: 'failed'; event: EventOf<'compaction_failed'> };

export interface CompactionTrace {
  traceId: string;
  /** In seq (time) order: started, then completed, or truncated + completed (+ failed). */
  steps: CompactionStep[];
}

/** Compaction lifecycles by trace, in time order of their first event. Pure. */
export function buildCompactionPanel(rows: readonly TimelineRow[]): CompactionTrace[] {
  const byTrace = new Map<string, CompactionTrace>();
  for (const row of rows) {
    const event = knownEvent(row.event);
    if (!event) continue;
    let step: CompactionStep | null = null;
    if (event.type === 'compaction_started') step = { kind: 'started', event };
    else if (event.type === 'compaction_completed') step = { kind: 'completed', event };
    else if (event.type === 'context_truncated') step = { kind: 'truncated', event };
    else if (event.type === 'compaction_failed') step = { kind: 'failed', event };
    if (!step) continue;
    const traceId = step.event.trace_id;
    let trace = byTrace.get(traceId);
    if (!trace) {
      trace = { traceId, steps: [] };
      byTrace.set(traceId, trace);
    }
    trace.steps.push(step);
  }
  return [...byTrace.values()];
}
