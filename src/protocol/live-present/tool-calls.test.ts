import { describe, expect, it } from 'vitest';
import type { KnownSessionEvent } from '../event-schemas';
import { makeEvent } from '../test-support/make-event';
import { reducePresent } from './present-fold';
import { defaultPresentLimits as limits, emptyPresent, type SessionPresent } from './present-state';
import { appendOutputTail } from './tool-calls';

// Moved from src/live/reducers/tools.test.ts with the reducers it tested.

const base = emptyPresent();
const fold = (present: SessionPresent, ...events: KnownSessionEvent[]) => events.reduce((p, e) => reducePresent(p, e, limits), present);
const start = (seq: number, id?: string, name = 'bash') =>
  makeEvent('tool_call_start', seq, { name, arguments: '{"cmd":"ls"}', ...(id ? { tool_call_id: id } : {}) });
const complete = (seq: number, id?: string, name = 'bash') =>
  makeEvent('tool_call_complete', seq, { name, output: 'ok', success: true, duration_ms: 5, ...(id ? { tool_call_id: id } : {}) });
const chunk = makeEvent('tool_output_chunk', 1, { tool_call_id: 't', name: 'bash', stream: 'stdout', chunk: '' });
const part = (stream: 'stdout' | 'stderr', text: string) => ({ stream, text, last: chunk });

describe('tool calls', () => {
  it('tracks a call from start through heartbeats and output to completion', () => {
    let s = fold(base, start(1, 't1'));
    expect(s.tools.ids).toEqual(['t1']);
    expect(s.tools.byId.get('t1')).toMatchObject({ name: 'bash', arguments: '{"cmd":"ls"}', startedMs: 1_700_000_000_001 });
    s = fold(
      s,
      makeEvent('tool_heartbeat', 2, { tool_call_id: 't1', name: 'bash', elapsed_secs: 12 }),
      makeEvent('tool_output_chunk', 3, { tool_call_id: 't1', name: 'bash', stream: 'stdout', chunk: 'a\n' }),
      makeEvent('tool_output_chunk', 4, { tool_call_id: 't1', name: 'bash', stream: 'stdout', chunk: 'b\n' }),
      makeEvent('tool_call_metadata', 5, { tool_call_id: 't1', name: 'bash', metadata: { pid: 7 } }),
    );
    expect(s.tools.byId.get('t1')).toMatchObject({ elapsedSecs: 12, heartbeatMs: 1_700_000_000_002, output: [{ stream: 'stdout', text: 'a\nb\n' }], metadata: { pid: 7 } });
    // The joined part remembers its newest chunk: a snapshot restates it from there.
    expect(s.tools.byId.get('t1')?.output[0]?.last.seq).toBe(4);
    s = fold(s, complete(6, 't1'));
    expect(s.tools).toEqual({ byId: new Map(), ids: [] });
  });

  it('adds a call first seen through a heartbeat (joined mid-call) and keeps it on start', () => {
    let s = fold(base, makeEvent('tool_heartbeat', 1, { tool_call_id: 't9', name: 'grep', elapsed_secs: 3 }));
    expect(s.tools.byId.get('t9')?.elapsedSecs).toBe(3);
    s = fold(s, start(2, 't9', 'grep'));
    expect(s.tools.ids).toEqual(['t9']);
    expect(s.tools.byId.get('t9')?.elapsedSecs).toBe(3);
  });

  it('matches calls without ids by tool name, the oldest first', () => {
    let s = fold(base, start(1), start(2, 'c2'));
    expect(s.tools.ids).toEqual(['name:bash', 'c2']);
    s = fold(s, complete(3));
    expect(s.tools.ids).toEqual(['c2']);
  });

  it('keeps the calls its open loops track, no more (the bound of a stored summary, when given)', () => {
    const bounded = { ...limits, openToolCalls: 1 };
    const heartbeat = makeEvent('tool_heartbeat', 3, { tool_call_id: 'b', name: 'bash', elapsed_secs: 1 });
    const s = [start(1, 'a'), start(2, 'b'), heartbeat].reduce((p, e) => reducePresent(p, e, bounded), base);
    expect(s.tools.ids).toEqual(['a']);
    expect([...s.tools.byId.keys()]).toEqual(['a']);
    expect(s.loops.tools).toEqual([['a', 'bash']]);
  });

  it('ignores a completion or metadata for a call it does not know', () => {
    expect(fold(base, complete(1, 'nope'))).toBe(base);
    expect(fold(base, makeEvent('tool_call_metadata', 2, { tool_call_id: 'nope', name: 'bash', metadata: {} }))).toBe(base);
  });
});

describe('appendOutputTail', () => {
  it('joins a run of one stream and keeps streams apart', () => {
    const out = appendOutputTail([part('stdout', 'a')], part('stderr', 'b'), 100);
    expect(out).toMatchObject([
      { stream: 'stdout', text: 'a' },
      { stream: 'stderr', text: 'b' },
    ]);
  });

  it('keeps only the last characters', () => {
    const out = appendOutputTail([part('stdout', 'aaaa'), part('stderr', 'bbbb')], part('stdout', 'cc'), 5);
    expect(out).toMatchObject([
      { stream: 'stderr', text: 'bbb' },
      { stream: 'stdout', text: 'cc' },
    ]);
  });
});
