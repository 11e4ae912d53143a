import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../../../protocol/sample-events';
import type { KnownEventType } from '../../../protocol/event-schemas';
import { buildTranscript, extendTranscript, type TranscriptBuild } from './build-transcript';
import type { TimelineRow } from './timeline-rows';

let seq = 0;
function row<T extends KnownEventType>(type: T, overrides: Record<string, unknown> = {}): TimelineRow {
  seq += 1;
  const event = { ...sampleEvents[type], ...overrides, seq } as TimelineRow['event'];
  return { seq, cursor: seq, event };
}

/** A working session: replies, calls with metadata before and after them, approvals decided later, an orphan completion. */
function session(steps: number): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (let i = 0; i < steps; i++) {
    const call = `c${i}`;
    if (i % 5 === 0) rows.push(row('tool_call_metadata', { tool_call_id: call, metadata: { command: `early ${i}` } }));
    rows.push(row('text_complete', { text: `step ${i}` }));
    rows.push(row('tool_call_start', { tool_call_id: call, name: 'bash' }));
    rows.push(row('tool_call_metadata', { tool_call_id: call, metadata: { cwd: '/work' } }));
    if (i % 3 !== 0) rows.push(row('tool_call_complete', { tool_call_id: call, name: 'bash' }));
    if (i % 4 === 0) rows.push(row('approval_request', { approval_id: `ap${i}`, tool_call_id: call }));
    if (i % 4 === 2) rows.push(row('approval_decision', { approval_id: `ap${i - 2}`, status: 'approved' }));
    if (i % 7 === 0) rows.push(row('tool_call_complete', { tool_call_id: `gone${i}`, name: 'read' }));
    if (i % 6 === 5) rows.push(row('tool_call_metadata', { tool_call_id: `c${i - 1}`, metadata: { exit_code: 0 } }));
  }
  return rows;
}

/** The same rows, counting which positions are read. */
function watched(rows: TimelineRow[]): { rows: TimelineRow[]; reads: Set<number> } {
  const reads = new Set<number>();
  const proxy = new Proxy(rows, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.add(Number(key));
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { rows: proxy, reads };
}

describe('extendTranscript', () => {
  it('gives what a build from scratch gives, however the rows arrive in batches', () => {
    const all = session(40);
    const whole = buildTranscript(all);
    for (const batch of [1, 3, 17]) {
      let build: TranscriptBuild | null = null;
      for (let end = batch; end < all.length + batch; end += batch) {
        build = extendTranscript(build, all.slice(0, Math.min(end, all.length)));
      }
      expect(build!.items).toEqual(whole);
    }
  });

  it('keeps every item the new rows do not touch as the same object (memoised rows do not re-render)', () => {
    const all = session(20);
    const before = extendTranscript(null, all);
    const after = extendTranscript(before, [...all, row('text_complete', { text: 'more' })]);
    expect(after.items).toHaveLength(before.items.length + 1);
    before.items.forEach((item, i) => expect(after.items[i]).toBe(item));
  });

  it('reads only the rows that arrived, not the whole session, per extension', () => {
    const all = session(500);
    let build = extendTranscript(null, all.slice(0, all.length - 5));
    const next = watched(all.slice());
    build = extendTranscript(build, next.rows);
    // The first and last known rows confirm the prefix; then the five new ones.
    expect(next.reads.size).toBeLessThanOrEqual(7);
    expect(build.items).toEqual(buildTranscript(all));
  });

  it('builds from scratch when the rows did not only grow (earlier history loaded)', () => {
    const all = session(30);
    const tail = all.slice(20);
    const build = extendTranscript(extendTranscript(null, tail), all);
    expect(build.items).toEqual(buildTranscript(all));
  });

  it('returns the same build for the same rows (a render repeated by React)', () => {
    const rows = session(5);
    const build = extendTranscript(null, rows);
    expect(extendTranscript(build, rows)).toBe(build);
  });
});
