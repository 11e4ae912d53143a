import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../../../protocol/sample-events';
import type { KnownEventType } from '../../../protocol/event-schemas';
import { buildCompactionPanel, buildRlmPanel } from './build-panels';
import { buildTranscript, prettyArguments } from './build-transcript';
import type { TimelineRow } from './timeline-rows';

let seq = 0;
function row<T extends KnownEventType>(type: T, overrides: Record<string, unknown> = {}): TimelineRow {
  seq += 1;
  const event = { ...sampleEvents[type], ...overrides, seq } as TimelineRow['event'];
  return { seq, cursor: seq, event };
}

describe('buildTranscript', () => {
  it('orders steps and pairs tool calls by id, else by name', () => {
    const rows = [
      row('thinking_complete'),
      row('tool_call_start', { tool_call_id: 'a' }),
      row('tool_call_start', { tool_call_id: undefined, name: 'grep' }),
      row('tool_heartbeat'),
      row('tool_call_complete', { tool_call_id: 'a', success: false }),
      row('tool_call_complete', { tool_call_id: undefined, name: 'grep' }),
      row('approval_request'),
      row('stream_retry'),
      row('text_complete'),
      row('error'),
      row('done'),
    ];
    const items = buildTranscript(rows);
    expect(items.map((i) => i.kind)).toEqual(['thought', 'tool', 'tool', 'approval', 'text', 'error', 'done']);
    const [, first, second] = items;
    expect(first).toMatchObject({ toolKey: 'a', start: { tool_call_id: 'a' }, complete: { success: false } });
    expect(second).toMatchObject({ toolKey: 'name:grep', start: { name: 'grep' }, complete: { name: 'grep' } });
  });

  it('joins metadata to its call and a decision to its approval, whichever came first', () => {
    const decision = row('approval_decision', { approval_id: 'ap-9', status: 'denied' });
    const rows = [
      row('tool_call_start', { tool_call_id: 'b1', name: 'bash' }),
      row('tool_call_metadata', { tool_call_id: 'b1', name: 'bash', metadata: { command: 'ls' } }),
      row('tool_call_metadata', { tool_call_id: 'b1', name: 'bash', metadata: { exit_code: 0 } }),
      row('tool_call_complete', { tool_call_id: 'b1', name: 'bash' }),
      row('tool_call_metadata', { tool_call_id: 'other', name: 'x', metadata: {} }),
      row('approval_request', { approval_id: 'ap-9' }),
      decision,
    ];
    const items = buildTranscript(rows);
    expect(items.map((i) => i.kind)).toEqual(['tool', 'approval']);
    expect(items[0]).toMatchObject({ toolKey: 'b1', complete: { tool_call_id: 'b1' }, metadata: [{ metadata: { command: 'ls' } }, { metadata: { exit_code: 0 } }] });
    expect(items[1]).toMatchObject({ kind: 'approval', decision: { status: 'denied' } });
    // Same rows, same items (memoised rows skip re-rendering); a new decision rebuilds only its approval.
    const again = buildTranscript(rows);
    expect(again[0]).toBe(items[0]);
    expect(again[1]).toBe(items[1]);
    expect(buildTranscript(rows.slice(0, -1))[1]).toMatchObject({ decision: null });
  });

  it('keeps a running call open and shows an orphan completion alone', () => {
    const items = buildTranscript([row('tool_call_start', { tool_call_id: 'run' }), row('tool_call_complete', { tool_call_id: 'gone' })]);
    expect(items).toMatchObject([{ complete: null }, { start: null, complete: { tool_call_id: 'gone' } }]);
  });

  it('skips events that break the protocol', () => {
    expect(buildTranscript([row('text_complete', { text: 42 })])).toEqual([]);
  });

  it('pretty-prints JSON arguments and leaves truncated ones as sent', () => {
    expect(prettyArguments('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyArguments('{"a":1')).toBe('{"a":1');
    // Shown on a tool card: credentials never are.
    expect(prettyArguments('{"api_key":"sk-123"}')).toBe('{\n  "api_key": "••••••"\n}');
  });
});

describe('panels', () => {
  it('keeps the last progress and the completion per RLM trace, and the fallbacks', () => {
    const rows = [
      row('rlm_progress', { trace_id: 't1', iteration: 1 }),
      row('rlm_progress', { trace_id: 't1', iteration: 2 }),
      row('rlm_progress', { trace_id: 't2', iteration: 1 }),
      row('rlm_complete', { trace_id: 't1' }),
      row('rlm_subcall_fallback'),
    ];
    const panel = buildRlmPanel(rows);
    expect(panel.traces.map((t) => [t.traceId, t.progress?.iteration, t.complete !== null])).toEqual([
      ['t1', 2, true],
      ['t2', 1, false],
    ]);
    expect(panel.fallbacks).toHaveLength(1);
  });

  it('groups each compaction lifecycle by trace, in time order', () => {
    const rows = [
      row('compaction_started', { trace_id: 'c1' }),
      row('compaction_completed', { trace_id: 'c1' }),
      row('compaction_started', { trace_id: 'c2' }),
      row('context_truncated', { trace_id: 'c2' }),
      row('compaction_completed', { trace_id: 'c2', strategy: 'truncate' }),
      row('compaction_failed', { trace_id: 'c2' }),
    ];
    expect(buildCompactionPanel(rows).map((t) => [t.traceId, t.steps.map((s) => s.kind)])).toEqual([
      ['c1', ['started', 'completed']],
      ['c2', ['started', 'truncated', 'completed', 'failed']],
    ]);
  });
});

describe('transcript item identity', () => {
  it('keeps an item the same object across builds until its events change', () => {
    const start = row('tool_call_start', { tool_call_id: 'keep' });
    const text = row('text_complete');
    const first = buildTranscript([start, text]);
    const again = buildTranscript([start, text]);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
    const done = buildTranscript([start, text, row('tool_call_complete', { tool_call_id: 'keep' })]);
    expect(done[0]).not.toBe(first[0]);
    expect(done[0]).toMatchObject({ complete: { tool_call_id: 'keep' } });
    expect(done[1]).toBe(first[1]);
  });
});
