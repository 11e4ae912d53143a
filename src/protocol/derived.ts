// The seed's derived figures (the Rust methods), matched exactly.
import type { CompactionStrategy, RlmOutcome } from './event-schemas';
import type { TokenSource } from './token-source';

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** `TokenDelta::total`. */
export function tokenTotal(delta: { prompt_tokens: number; completion_tokens: number }): number {
  return delta.prompt_tokens + delta.completion_tokens;
}

/** `TokenEstimate::fraction`: request / budget, 0 when budget is 0 (not clamped: over budget reads > 1). */
export function estimateFraction(estimate: { request_tokens: number; budget: number }): number {
  return estimate.budget === 0 ? 0 : estimate.request_tokens / estimate.budget;
}

/** `TokenEstimate::is_over_budget`: strictly greater. */
export function isOverBudget(estimate: { request_tokens: number; budget: number }): boolean {
  return estimate.request_tokens > estimate.budget;
}

/** `CompactionOutcome::reduction`: 1 - after/before clamped to [0, 1], 0 when before is 0. */
export function compactionReduction(outcome: { before_tokens: number; after_tokens: number }): number {
  return outcome.before_tokens === 0 ? 0 : clamp01(1 - outcome.after_tokens / outcome.before_tokens);
}

/** `RlmCompletion::compression_ratio`: output / input, 0 when input is 0. */
export function compressionRatio(completion: { input_tokens: number; output_tokens: number }): number {
  return completion.input_tokens === 0 ? 0 : completion.output_tokens / completion.input_tokens;
}

/** `RlmProgressEvent::fraction`: iteration / max clamped to [0, 1], 0 when max is 0. */
export function rlmProgressFraction(progress: { iteration: number; max_iterations: number }): number {
  return progress.max_iterations === 0 ? 0 : clamp01(progress.iteration / progress.max_iterations);
}

/** `RlmOutcome::is_success`: only `converged`. */
export function isRlmSuccess(outcome: RlmOutcome): boolean {
  return outcome === 'converged';
}

/** `FallbackStrategy::is_terminal`: only `truncate`. */
export function isTerminalStrategy(strategy: CompactionStrategy): boolean {
  return strategy === 'truncate';
}

/** `TokenSource::is_rlm`: `rlm_iteration` and `rlm_subcall`. */
export function isRlmSource(source: TokenSource): boolean {
  return source === 'rlm_iteration' || source === 'rlm_subcall';
}
