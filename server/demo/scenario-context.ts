import type { EventDraft, ScenarioStep } from './event-draft';
import type { Random } from './random';
import type { SessionProfile } from './session-profiles';

/** A scenario's pieces are generators of steps that share one ScenarioContext. */
export type Steps<Result = void> = Generator<ScenarioStep, Result, void>;

/**
 * The running state of one simulated session: its clock (scenario milliseconds
 * since it started) and the figures later events depend on, such as the context
 * size that token estimates climb with and compactions cut.
 */
export class ScenarioContext {
  clockMs = 0;
  contextTokens: number;
  /** Model steps taken so far. */
  modelSteps = 0;
  toolCalls = 0;
  /** The previous root request's prompt, which is what a provider's cache can hold; 0 after a compaction. */
  cachedPromptTokens = 0;
  /** Root usage so far, for the legacy usage_report. */
  readonly rootTotals = { promptTokens: 0, completionTokens: 0, durationMs: 0 };

  constructor(
    readonly rng: Random,
    readonly profile: SessionProfile,
  ) {
    this.contextTokens = profile.startContextTokens;
  }

  /** Lets scenario time pass. */
  wait(ms: number): void {
    this.clockMs += Math.max(0, Math.round(ms));
  }

  /** An event happening now. */
  at(event: EventDraft): ScenarioStep {
    return { atMs: this.clockMs, event };
  }

  /** 0 at the start, 1 once the session has run its target duration. */
  get progress(): number {
    return Math.min(1, this.clockMs / this.profile.targetDurationMs);
  }

  /** Tool-call ids in the style of the root model's provider. */
  toolCallId(): string {
    const id = this.profile.model.id;
    if (id.startsWith('anthropic/')) return `toolu_01${this.rng.hex(22)}`;
    if (id.startsWith('openai/')) return `call_${this.rng.hex(24)}`;
    return `${this.rng.hex(8)}-${this.rng.hex(4)}`;
  }
}
