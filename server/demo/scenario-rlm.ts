import type { RlmOutcome } from '#protocol/event-schemas';
import type { ScenarioContext, Steps } from './scenario-context';
import { callDurationMs, tokenUsage } from './token-usage';

export interface RlmResult {
  outcome: RlmOutcome;
  /** The condensed result's size (0 when nothing usable came out). */
  outputTokens: number;
}

const statusesByPhase = [
  ['planning: splitting input into chunks', 'planning: choosing what to extract'],
  ['querying sub-model on chunks', 'extracting relevant passages', 'summarising chunk batch'],
  ['merging partial answers', 'verifying answer against sources', 'refining answer'],
] as const;

const reasonByOutcome: Record<Exclude<RlmOutcome, 'converged'>, readonly string[]> = {
  exhausted: ['max iterations reached without a stable answer', 'answer still changing at the last iteration'],
  failed: ['sub-model returned malformed JSON three times', 'root model refused to continue: context too fragmented'],
  aborted: ['cancelled: parent turn interrupted', 'aborted: token budget for the loop exceeded'],
};

const fallbackReasons = ['rate limited (429 Too Many Requests)', 'model overloaded (529)', 'chunk exceeds the model context window'];

/**
 * A recursive-language-model loop condensing `inputTokens` of material: the
 * root model iterates, fanning each iteration out to sub-calls on a small model
 * (which may fall back to another provider's), until it converges or gives up.
 */
export function* rlmLoop(ctx: ScenarioContext, inputTokens: number): Steps<RlmResult> {
  const { rng, profile } = ctx;
  const traceId = rng.uuid();
  const maxIterations = rng.pick([3, 4, 5, 6]);
  const outcome = rng.weighted<RlmOutcome>([
    ['converged', 55],
    ['exhausted', 18],
    ['failed', 15],
    ['aborted', 12],
  ]);
  const iterations =
    outcome === 'converged' ? rng.int(2, maxIterations - 1)
    : outcome === 'exhausted' ? maxIterations
    : outcome === 'failed' ? rng.int(1, maxIterations - 1)
    : rng.int(1, Math.ceil(maxIterations / 2));
  const fallbackAtSubcall = rng.chance(0.18) ? rng.int(0, 3) : -1;
  let subcallModel = profile.subcallModel;
  let subcalls = 0;
  let previousIterationPrompt = 0;
  const startedAtMs = ctx.clockMs;

  for (let iteration = 1; iteration <= iterations; iteration++) {
    const phase = iteration === 1 ? 0 : iteration === iterations ? 2 : 1;
    yield ctx.at({ type: 'rlm_progress', trace_id: traceId, iteration, max_iterations: maxIterations, status: rng.pick(statusesByPhase[phase]) });
    // Sub-calls run in parallel: each reports when it finishes.
    const fanOut = rng.int(1, 4);
    const waveStartMs = ctx.clockMs;
    const finishes: { atMs: number; completion: number; prompt: number }[] = [];
    for (let i = 0; i < fanOut; i++) {
      if (subcalls + i === fallbackAtSubcall) {
        yield ctx.at({ type: 'rlm_subcall_fallback', requested_model: subcallModel.id, fallback_model: profile.fallbackModel.id, reason: rng.pick(fallbackReasons) });
        subcallModel = profile.fallbackModel;
      }
      const completion = rng.int(40, 320);
      finishes.push({ atMs: waveStartMs + callDurationMs(ctx, subcallModel, completion), completion, prompt: rng.int(1_500, 12_000) });
    }
    finishes.sort((a, b) => a.atMs - b.atMs);
    for (const finish of finishes) {
      ctx.wait(finish.atMs - ctx.clockMs);
      yield ctx.at(
        tokenUsage(ctx, {
          source: 'rlm_subcall',
          model: subcallModel,
          promptTokens: finish.prompt,
          completionTokens: finish.completion,
          durationMs: finish.atMs - waveStartMs,
          cachedPrefix: subcalls > 0 ? 1_200 : 0,
        }),
      );
      subcalls++;
    }
    const completion = rng.int(60, 320);
    const prompt = rng.int(3_000, 14_000) + iteration * 1_500;
    const durationMs = callDurationMs(ctx, profile.model, completion);
    ctx.wait(durationMs);
    yield ctx.at(tokenUsage(ctx, { source: 'rlm_iteration', model: profile.model, promptTokens: prompt, completionTokens: completion, durationMs, cachedPrefix: previousIterationPrompt }));
    previousIterationPrompt = prompt;
  }

  const outputTokens =
    outcome === 'converged' ? Math.round(inputTokens * rng.float(0.04, 0.14))
    : outcome === 'exhausted' ? Math.round(inputTokens * rng.float(0.12, 0.3))
    : outcome === 'failed' ? Math.round(inputTokens * rng.float(0, 0.05))
    : 0;
  ctx.wait(rng.int(50, 400));
  yield ctx.at({
    type: 'rlm_complete',
    trace_id: traceId,
    outcome,
    iterations,
    subcalls,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    elapsed_ms: ctx.clockMs - startedAtMs,
    reason: outcome === 'converged' ? null : rng.pick(reasonByOutcome[outcome]),
    root_model: profile.model.id,
    // Older agents leave it out.
    ...(rng.chance(0.85) ? { subcall_model_used: subcallModel.id } : {}),
  });
  return { outcome, outputTokens };
}
