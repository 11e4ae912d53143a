import { describe, expect, it } from 'vitest';
import { makeCompactionRecord } from '../../../test-support/fixtures';
import type { CompactionRecord } from '../../../protocol/api-schemas';
import { groupCompactionTraces } from './group-compaction-traces';
import { strategyLabel } from './strategy-label';

let cursor = 0;
function record(kind: CompactionRecord['kind'], overrides: Partial<CompactionRecord> = {}): CompactionRecord {
  cursor += 1;
  return makeCompactionRecord({ cursor, session_id: 's1', seq: cursor, ts_ms: 1_000 + cursor, trace_id: 't1', kind, ...overrides });
}

describe('groupCompactionTraces', () => {
  it('joins started and completed into one trace with its reduction', () => {
    const started = record('started', { reason: 'over budget', before_tokens: 150_000, budget: 128_000 });
    const completed = record('completed', { strategy: 'rlm', before_tokens: 150_000, after_tokens: 30_000, kept_messages: 12 });
    const [trace, ...rest] = groupCompactionTraces([completed, started]);
    expect(rest).toEqual([]);
    expect(trace).toEqual({
      traceId: 't1',
      sessionId: 's1',
      startedMs: started.ts_ms,
      reason: 'over budget',
      beforeTokens: 150_000,
      afterTokens: 30_000,
      budget: 128_000,
      strategy: 'rlm',
      // 1 - 30k / 150k
      reduction: 0.8,
      keptMessages: 12,
      truncation: null,
      failure: null,
      outcome: 'completed',
    });
  });

  it('marks the terminal path: truncation (context lost), then failure with what it fell back to', () => {
    const traces = groupCompactionTraces([
      record('started', { trace_id: 't2', reason: 'overflow', before_tokens: 200_000, budget: 100_000 }),
      record('truncated', { trace_id: 't2', dropped_tokens: 90_000, kept_messages: 4, archive_ref: 'archive/t2.jsonl' }),
      record('completed', { trace_id: 't2', strategy: 'truncate', before_tokens: 200_000, after_tokens: 110_000, kept_messages: 4 }),
      record('failed', { trace_id: 't2', strategy: 'truncate', reason: 'still over budget', after_tokens: 110_000, budget: 100_000 }),
    ]);
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({
      outcome: 'failed',
      strategy: 'truncate',
      // 1 - 110k / 200k
      reduction: expect.closeTo(0.45, 10),
      truncation: { droppedTokens: 90_000, keptMessages: 4, archiveRef: 'archive/t2.jsonl' },
      failure: { reason: 'still over budget', fellBackTo: 'truncate', afterTokens: 110_000, budget: 100_000 },
    });
  });

  it('leaves a trace that only started as running, with no reduction', () => {
    const [trace] = groupCompactionTraces([record('started', { trace_id: 't3', before_tokens: 1_000, budget: 900 })]);
    expect(trace).toMatchObject({ outcome: 'running', reduction: null, beforeTokens: 1_000, afterTokens: null });
  });

  it('keeps traces of different sessions apart and puts the newest first', () => {
    const traces = groupCompactionTraces([
      record('started', { trace_id: 'same', session_id: 'a', ts_ms: 10 }),
      record('started', { trace_id: 'same', session_id: 'b', ts_ms: 20 }),
    ]);
    expect(traces.map((t) => t.sessionId)).toEqual(['b', 'a']);
  });

  it('handles a truncation without an archive, and nothing at all', () => {
    const [trace] = groupCompactionTraces([record('truncated', { trace_id: 't4', dropped_tokens: 5_000, archive_ref: null })]);
    expect(trace).toMatchObject({ outcome: 'truncated', truncation: { droppedTokens: 5_000, archiveRef: null } });
    expect(groupCompactionTraces([])).toEqual([]);
  });
});

describe('strategyLabel', () => {
  it('spells out failures and what they fell back to', () => {
    expect(strategyLabel('rlm')).toBe('rlm');
    expect(strategyLabel('failed:truncate')).toBe('failed → truncate');
    expect(strategyLabel('failed:none')).toBe('failed, no fallback');
    expect(strategyLabel('failed:')).toBe('failed, no fallback');
  });
});
