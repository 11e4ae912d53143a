import { explanationFor, finalAnswer, preambleFor, type StepMoment } from './demo-text';
import type { SessionSyncDraft } from './event-draft';
import type { Random } from './random';
import { COMPACTION_THRESHOLD, compaction } from './scenario-compaction';
import { ScenarioContext, type Steps } from './scenario-context';
import { modelStep } from './scenario-model-step';
import { rlmLoop } from './scenario-rlm';
import { toolCall } from './scenario-tool-call';
import type { SessionProfile } from './session-profiles';
import { planToolCall, type PlannedToolCall } from './tool-catalogue';

/** Tool outputs larger than this are often condensed by an RLM loop before they enter the context. */
const RLM_CONDENSE_ABOVE_TOKENS = 5_000;
/** A safety net: no session takes more model steps than this, whatever its target duration. */
const MAX_MODEL_STEPS = 60;

const providerErrors: Record<string, string> = {
  anthropic: 'provider error: 529 overloaded_error from Anthropic after 3 stream restarts',
  openai: 'provider error: 503 Service Unavailable from OpenAI after 3 stream restarts',
  google: 'provider error: 503 UNAVAILABLE from Gemini after 3 stream restarts',
};

/**
 * The life of one agent session as timed steps, pure and reproducible: a seed
 * and a profile give the same steps every time. It starts with session_sync,
 * works through model steps and tool calls (with RLM loops, compactions,
 * retries and approvals as they come) and ends with done or error.
 */
export function* sessionScenario(rng: Random, profile: SessionProfile): Steps {
  const ctx = new ScenarioContext(rng, profile);
  const sync: SessionSyncDraft = {
    type: 'session_sync',
    session: { title: profile.task.title, agent: profile.agent, metadata: { model: profile.model.id } },
  };
  yield ctx.at(sync);
  ctx.wait(rng.int(200, 900));

  const target = profile.targetDurationMs;
  const failsAtMs = profile.fate === 'provider_error' || profile.fate === 'cancelled' ? target * rng.float(0.3, 0.9) : Infinity;
  let overflowAtMs = profile.fate === 'context_overflow' ? target * rng.float(0.15, 0.5) : Infinity;
  let lastStepFailed = false;

  for (;;) {
    if (ctx.contextTokens > profile.budget * COMPACTION_THRESHOLD) {
      if (!(yield* compaction(ctx))) {
        ctx.wait(rng.int(100, 600));
        yield ctx.at({ type: 'error', error: `context length exceeded: ${ctx.contextTokens} tokens against a ${profile.budget}-token budget after compaction` });
        return;
      }
      // The next model step opens with a token_estimate showing the drop.
    }
    if (profile.fate === 'cancelled' && ctx.clockMs >= failsAtMs) {
      yield ctx.at({ type: 'error', error: 'turn cancelled by user' });
      return;
    }
    if (rng.chance(0.025)) {
      yield ctx.at({ type: 'play_break', active: true });
      ctx.wait(rng.int(4_000, 15_000));
      yield ctx.at({ type: 'play_break', active: false });
    }

    const wrapUp = (ctx.clockMs >= target && overflowAtMs === Infinity) || ctx.modelSteps >= MAX_MODEL_STEPS;
    const calls = wrapUp ? [] : planStepCalls(ctx);
    if (!wrapUp && ctx.clockMs >= overflowAtMs) {
      calls[0] = hugeLogRead(ctx, calls[0]!);
      overflowAtMs = Infinity;
    }
    const moment: StepMoment = wrapUp ? 'wrap_up' : ctx.modelSteps === 0 ? 'start' : lastStepFailed ? 'after_failure' : 'explore';
    const ok = yield* modelStep(ctx, {
      moment,
      text: wrapUp ? finalAnswer(rng, profile.task, ctx.toolCalls) : stepText(ctx, calls[0]!),
      toolCalls: calls.length,
      providerDown: profile.fate === 'provider_error' && ctx.clockMs >= failsAtMs,
    });
    if (!ok) {
      yield ctx.at({ type: 'error', error: providerErrors[profile.model.id.split('/')[0]!] ?? 'provider error after 3 stream restarts' });
      return;
    }

    lastStepFailed = false;
    for (const call of calls) {
      ctx.wait(rng.int(40, 250));
      const result = yield* toolCall(ctx, call);
      lastStepFailed ||= !result.success;
      ctx.contextTokens += yield* condensed(ctx, result.outputTokens);
    }
    if (wrapUp) break;
    if (ctx.modelSteps % 4 === 0) yield ctx.at(sync);
    if (rng.chance(0.06)) yield ctx.at(usageReport(ctx));
    ctx.wait(rng.int(150, 700));
  }

  if (rng.chance(0.75)) yield ctx.at(usageReport(ctx));
  ctx.wait(rng.int(50, 300));
  yield ctx.at({ type: 'done' });
}

function planStepCalls(ctx: ScenarioContext): PlannedToolCall[] {
  const count = ctx.rng.weighted([[1, 60], [2, 28], [3, 12]] as const);
  return Array.from({ length: count }, () => planToolCall(ctx.rng, ctx.profile.task, ctx.profile.agent, ctx.progress));
}

/** What the model says before its tool calls: usually some explanation, sometimes just what it is about to do, now and then nothing. */
function stepText(ctx: ScenarioContext, firstCall: PlannedToolCall): string | null {
  const { rng, profile } = ctx;
  const preamble = preambleFor(rng, profile.task, firstCall.name, firstCall.target);
  return rng.weighted<string | null>([
    [`${explanationFor(rng, profile.task, 5)} ${preamble}`, 65],
    [preamble, 25],
    [null, 10],
  ]);
}

/** The call that dooms a context_overflow session: a log far larger than any compaction can fit. */
function hugeLogRead(ctx: ScenarioContext, replaced: PlannedToolCall): PlannedToolCall {
  const budget = ctx.profile.budget;
  const outputTokens = Math.max(Math.round(budget * 0.6), Math.round(budget * ctx.rng.float(1.3, 1.5)) - ctx.contextTokens);
  const command = 'cat logs/ingest-worker.log';
  return {
    ...replaced,
    name: 'bash',
    args: { command, description: 'Read the whole worker log' },
    target: command,
    durationMs: ctx.rng.int(400, 1_500),
    success: true,
    streamed: [{ stream: 'stdout', chunk: '2026-11-24T03:12:09.551Z INFO worker started shard=7\n' }],
    output: '2026-11-24T03:12:09.551Z INFO worker started shard=7\n... (log continues, 41 MB)',
    outputTokens,
    approval: undefined,
    callsModel: false,
    metadata: { exit_code: 0, cwd: '/repo', truncated: false },
  };
}

/** Tokens a tool result adds: large ones often go through an RLM loop first; a failed loop leaves the raw output. */
function* condensed(ctx: ScenarioContext, outputTokens: number): Steps<number> {
  const huge = outputTokens > ctx.profile.budget * 0.5;
  if (huge || outputTokens <= RLM_CONDENSE_ABOVE_TOKENS || !ctx.rng.chance(0.45)) return outputTokens;
  ctx.wait(ctx.rng.int(100, 400));
  const result = yield* rlmLoop(ctx, outputTokens);
  return result.outcome === 'converged' || result.outcome === 'exhausted' ? result.outputTokens : outputTokens;
}

function usageReport(ctx: ScenarioContext) {
  return {
    type: 'usage_report' as const,
    prompt_tokens: ctx.rootTotals.promptTokens,
    completion_tokens: ctx.rootTotals.completionTokens,
    duration_ms: ctx.rootTotals.durationMs,
    model: ctx.profile.model.id,
  };
}
