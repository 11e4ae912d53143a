import { describe, expect, it } from 'vitest';
import { defaultLiveConfig as config } from '../live-config';
import { makeEvent } from '../test-support/test-events';
import { emptySessionLive } from './session-live';
import { reduceToolCallComplete } from './tool-call-complete';
import { reduceToolCallMetadata } from './tool-call-metadata';
import { reduceToolCallStart } from './tool-call-start';
import { reduceToolHeartbeat } from './tool-heartbeat';
import { appendOutputTail, reduceToolOutputChunk } from './tool-output-chunk';

const base = emptySessionLive('s1');
const start = (seq: number, id?: string, name = 'bash') =>
  makeEvent('tool_call_start', seq, { name, arguments: '{"cmd":"ls"}', ...(id ? { tool_call_id: id } : {}) });
const complete = (seq: number, id?: string, name = 'bash') =>
  makeEvent('tool_call_complete', seq, { name, output: 'ok', success: true, duration_ms: 5, ...(id ? { tool_call_id: id } : {}) });

describe('tool reducers', () => {
  it('tracks a call from start through heartbeats and output to completion', () => {
    let s = reduceToolCallStart(base, start(1, 't1'), config);
    expect(s.tools.ids).toEqual(['t1']);
    expect(s.tools.byId.get('t1')).toMatchObject({ name: 'bash', arguments: '{"cmd":"ls"}', startedMs: 1_700_000_000_001 });

    s = reduceToolHeartbeat(s, makeEvent('tool_heartbeat', 2, { tool_call_id: 't1', name: 'bash', elapsed_secs: 12 }), config);
    s = reduceToolOutputChunk(s, makeEvent('tool_output_chunk', 3, { tool_call_id: 't1', name: 'bash', stream: 'stdout', chunk: 'a\n' }), config);
    s = reduceToolOutputChunk(s, makeEvent('tool_output_chunk', 4, { tool_call_id: 't1', name: 'bash', stream: 'stdout', chunk: 'b\n' }), config);
    s = reduceToolCallMetadata(s, makeEvent('tool_call_metadata', 5, { tool_call_id: 't1', name: 'bash', metadata: { pid: 7 } }), config);
    expect(s.tools.byId.get('t1')).toMatchObject({ elapsedSecs: 12, output: [{ stream: 'stdout', text: 'a\nb\n' }], metadata: { pid: 7 } });

    s = reduceToolCallComplete(s, complete(6, 't1'), config);
    expect(s.tools).toEqual({ byId: new Map(), ids: [] });
  });

  it('adds a call first seen through a heartbeat (joined mid-call) and keeps it on start', () => {
    let s = reduceToolHeartbeat(base, makeEvent('tool_heartbeat', 1, { tool_call_id: 't9', name: 'grep', elapsed_secs: 3 }), config);
    expect(s.tools.byId.get('t9')?.elapsedSecs).toBe(3);
    s = reduceToolCallStart(s, start(2, 't9', 'grep'), config);
    expect(s.tools.ids).toEqual(['t9']);
    expect(s.tools.byId.get('t9')?.elapsedSecs).toBe(3);
  });

  it('matches calls without ids by tool name', () => {
    let s = reduceToolCallStart(base, start(1), config);
    expect(s.tools.ids).toEqual(['name:bash']);
    s = reduceToolCallComplete(s, complete(2), config);
    expect(s.tools.ids).toEqual([]);
  });

  it('ignores a completion or metadata for a call it does not know', () => {
    expect(reduceToolCallComplete(base, complete(1, 'nope'), config)).toBe(base);
    const meta = makeEvent('tool_call_metadata', 2, { tool_call_id: 'nope', name: 'bash', metadata: {} });
    expect(reduceToolCallMetadata(base, meta, config)).toBe(base);
  });
});

describe('appendOutputTail', () => {
  it('joins a run of one stream and keeps streams apart', () => {
    const out = appendOutputTail([{ stream: 'stdout', text: 'a' }], { stream: 'stderr', text: 'b' }, 100);
    expect(out).toEqual([
      { stream: 'stdout', text: 'a' },
      { stream: 'stderr', text: 'b' },
    ]);
  });

  it('keeps only the last characters', () => {
    const out = appendOutputTail(
      [
        { stream: 'stdout', text: 'aaaa' },
        { stream: 'stderr', text: 'bbbb' },
      ],
      { stream: 'stdout', text: 'cc' },
      5,
    );
    expect(out).toEqual([
      { stream: 'stderr', text: 'bbb' },
      { stream: 'stdout', text: 'cc' },
    ]);
  });
});
