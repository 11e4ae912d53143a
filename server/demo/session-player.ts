import type { SessionEvent } from '#protocol/event-schemas';
import { stampEvent, type EventDraft, type ScenarioStep } from './event-draft';

export interface SessionPlayerOptions {
  sessionId: string;
  steps: Iterator<ScenarioStep, void>;
  /** 2 plays twice as fast as scenario time. */
  speed: number;
  send: (event: SessionEvent) => void;
  /** Called once, after the last step (done or error) has been sent. */
  onEnd: () => void;
}

/**
 * Plays one scenario in real time: pulls steps lazily, sends each when its time
 * comes with the envelope stamped (seq from 1, ts now), and catches up in a burst
 * when the event loop was held up rather than drifting behind.
 */
export class SessionPlayer {
  readonly sessionId: string;
  private seq = 0;
  private startedAtMs = 0;
  private createdAt = '';
  private next: ScenarioStep | undefined;
  private timer: NodeJS.Timeout | null = null;
  private finished = false;

  constructor(private readonly options: SessionPlayerOptions) {
    this.sessionId = options.sessionId;
  }

  start(): void {
    this.startedAtMs = Date.now();
    this.createdAt = new Date(this.startedAtMs).toISOString();
    this.next = this.pull();
    this.tick();
  }

  /** Ends the session before its scenario does, saying so as an interrupted agent would. */
  interrupt(reason: string): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.emit({ type: 'error', error: reason });
  }

  get ended(): boolean {
    return this.finished;
  }

  private tick(): void {
    this.timer = null;
    const scenarioNowMs = (Date.now() - this.startedAtMs) * this.options.speed;
    while (this.next && this.next.atMs <= scenarioNowMs && !this.finished) {
      this.emit(this.next.event);
      this.next = this.pull();
    }
    if (this.finished) return;
    if (!this.next) {
      this.finished = true;
      this.options.onEnd();
      return;
    }
    const dueInMs = this.next.atMs / this.options.speed - (Date.now() - this.startedAtMs);
    this.timer = setTimeout(() => this.tick(), Math.max(0, dueInMs));
  }

  private pull(): ScenarioStep | undefined {
    const result = this.options.steps.next();
    return result.done ? undefined : result.value;
  }

  private emit(draft: EventDraft): void {
    const event = stampEvent(draft, { sessionId: this.sessionId, seq: ++this.seq, ts: new Date().toISOString(), createdAt: this.createdAt });
    this.options.send(event);
  }
}
