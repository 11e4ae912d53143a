import type { SessionSummary } from '../protocol/api-schemas';
import { scheduleFrame, type CancelFrame, type FrameScheduler } from '../lib/timing/frame-scheduler';
import type { LiveOp } from './live-types';

export interface LiveFrame {
  ops: LiveOp[];
  /** The latest summary per session received during the frame. */
  summaries: SessionSummary[];
}

/**
 * Collects socket output between frames and hands it over at most once per
 * animation frame: a burst of 500 events costs one store update and one render,
 * not 500. Summaries are coalesced per session, since only the latest matters.
 */
export class FrameBuffer {
  private ops: LiveOp[] = [];
  private summaries = new Map<string, SessionSummary>();
  private cancelScheduled: CancelFrame | null = null;

  constructor(
    private readonly deliver: (frame: LiveFrame) => void,
    private readonly schedule: FrameScheduler = scheduleFrame,
  ) {}

  pushOp(op: LiveOp): void {
    this.ops.push(op);
    this.request();
  }

  pushSummaries(summaries: readonly SessionSummary[]): void {
    for (const summary of summaries) this.summaries.set(summary.session_id, summary);
    if (summaries.length > 0) this.request();
  }

  /** Delivers what is pending now (also what the scheduled frame calls). */
  flush(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    if (this.ops.length === 0 && this.summaries.size === 0) return;
    const frame: LiveFrame = { ops: this.ops, summaries: [...this.summaries.values()] };
    this.ops = [];
    this.summaries = new Map();
    this.deliver(frame);
  }

  /** Drops what is pending (teardown). */
  discard(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    this.ops = [];
    this.summaries.clear();
  }

  private request(): void {
    this.cancelScheduled ??= this.schedule(() => {
      this.cancelScheduled = null;
      this.flush();
    });
  }
}
