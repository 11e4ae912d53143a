import { describe, expect, it, vi } from 'vitest';
import { makeSummary } from '../test-support/fixtures';
import { FrameBuffer, type LiveFrame } from './frame-buffer';
import { entry, makeEvent } from './test-support/test-events';

/** A scheduler the test advances by hand, standing in for requestAnimationFrame. */
function manualScheduler() {
  const pending: Array<() => void> = [];
  return {
    schedule: (callback: () => void) => {
      pending.push(callback);
      return () => pending.splice(pending.indexOf(callback), 1);
    },
    runFrame: () => pending.splice(0).forEach((callback) => callback()),
    get scheduled() {
      return pending.length;
    },
  };
}

describe('FrameBuffer', () => {
  it('delivers everything received between two frames in one call', () => {
    const frames: LiveFrame[] = [];
    const scheduler = manualScheduler();
    const buffer = new FrameBuffer((frame) => frames.push(frame), scheduler.schedule);

    buffer.pushOp({ kind: 'events', entries: [entry(makeEvent('thinking', 1))] });
    buffer.pushOp({ kind: 'events', entries: [entry(makeEvent('thinking', 2))] });
    buffer.pushSummaries([makeSummary({ session_id: 'a', event_count: 1 })]);
    buffer.pushSummaries([makeSummary({ session_id: 'a', event_count: 2 })]);
    expect(scheduler.scheduled).toBe(1);
    expect(frames).toHaveLength(0);

    scheduler.runFrame();
    expect(frames).toHaveLength(1);
    expect(frames[0]!.ops).toHaveLength(2);
    expect(frames[0]!.summaries.map((s) => s.event_count)).toEqual([2]);
  });

  it('delivers nothing for an empty frame and can discard pending work', () => {
    const deliver = vi.fn<(frame: LiveFrame) => void>();
    const scheduler = manualScheduler();
    const buffer = new FrameBuffer(deliver, scheduler.schedule);
    buffer.flush();
    buffer.pushOp({ kind: 'events', entries: [] });
    buffer.discard();
    expect(scheduler.scheduled).toBe(0);
    buffer.flush();
    expect(deliver).not.toHaveBeenCalled();
  });
});
