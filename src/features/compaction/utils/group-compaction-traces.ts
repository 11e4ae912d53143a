import type { CompactionRecord } from '../../../protocol/api-schemas';
import { compactionReduction } from '../../../protocol/derived';

/** Where a compaction ended: `failed` and `truncated` lost something; `running` has only started (pages come newest first, so a loaded start has its end loaded too). */
export type CompactionOutcome = 'running' | 'completed' | 'truncated' | 'failed';

export interface CompactionTrace {
  traceId: string;
  sessionId: string;
  /** The first record's time (normally `started`). */
  startedMs: number;
  reason: string | null;
  beforeTokens: number | null;
  afterTokens: number | null;
  budget: number | null;
  strategy: string | null;
  /** 1 - after/before, the protocol's reduction; null until both are known. */
  reduction: number | null;
  keptMessages: number | null;
  /** Context lost: what a truncation dropped, and where it was archived (null: nowhere). */
  truncation: { droppedTokens: number; keptMessages: number | null; archiveRef: string | null } | null;
  failure: { reason: string | null; fellBackTo: string | null; afterTokens: number | null; budget: number | null } | null;
  outcome: CompactionOutcome;
}

function emptyTrace(record: CompactionRecord): CompactionTrace {
  return {
    traceId: record.trace_id,
    sessionId: record.session_id,
    startedMs: record.ts_ms,
    reason: null,
    beforeTokens: null,
    afterTokens: null,
    budget: null,
    strategy: null,
    reduction: null,
    keptMessages: null,
    truncation: null,
    failure: null,
    outcome: 'running',
  };
}

function apply(trace: CompactionTrace, record: CompactionRecord): void {
  trace.startedMs = Math.min(trace.startedMs, record.ts_ms);
  switch (record.kind) {
    case 'started':
      trace.reason = record.reason;
      trace.beforeTokens ??= record.before_tokens;
      trace.budget = record.budget;
      break;
    case 'completed':
      // The completed record's figures are the outcome; the started one's `before` is only a stand-in until then.
      trace.beforeTokens = record.before_tokens ?? trace.beforeTokens;
      trace.afterTokens = record.after_tokens;
      trace.strategy = record.strategy;
      trace.keptMessages = record.kept_messages;
      break;
    case 'truncated':
      trace.truncation = { droppedTokens: record.dropped_tokens ?? 0, keptMessages: record.kept_messages, archiveRef: record.archive_ref };
      trace.keptMessages ??= record.kept_messages;
      break;
    case 'failed':
      trace.failure = { reason: record.reason, fellBackTo: record.strategy, afterTokens: record.after_tokens, budget: record.budget };
      trace.budget ??= record.budget;
      break;
  }
}

function outcomeOf(trace: CompactionTrace, completed: boolean): CompactionOutcome {
  if (trace.failure) return 'failed';
  if (trace.truncation) return 'truncated';
  return completed ? 'completed' : 'running';
}

/**
 * Compaction records (one per lifecycle event, any order, any mix of sessions)
 * grouped by trace: started, completed, truncated (context lost), failed. The
 * newest trace first. Pure.
 */
export function groupCompactionTraces(records: readonly CompactionRecord[]): CompactionTrace[] {
  const byTrace = new Map<string, { trace: CompactionTrace; completed: boolean }>();
  // Cursor order, so a trace's records apply in the order they happened whatever order they came in.
  const ordered = [...records].sort((a, b) => a.cursor - b.cursor);
  for (const record of ordered) {
    // A trace id is the agent's; two sessions could in theory reuse one, so the session is part of the key.
    const key = `${record.session_id}\u0000${record.trace_id}`;
    let entry = byTrace.get(key);
    if (!entry) byTrace.set(key, (entry = { trace: emptyTrace(record), completed: false }));
    apply(entry.trace, record);
    if (record.kind === 'completed') entry.completed = true;
  }
  const traces = [...byTrace.values()].map(({ trace, completed }) => {
    trace.outcome = outcomeOf(trace, completed);
    if (completed && trace.beforeTokens !== null && trace.afterTokens !== null) {
      trace.reduction = compactionReduction({ before_tokens: trace.beforeTokens, after_tokens: trace.afterTokens });
    }
    return trace;
  });
  return traces.sort((a, b) => b.startedMs - a.startedMs || (a.traceId < b.traceId ? -1 : 1));
}
