import { streamingChunks, thoughtFor, tokensOf, type StepMoment } from './demo-text';
import type { ScenarioContext, Steps } from './scenario-context';
import { tokenUsage } from './token-usage';

export interface ModelStepRequest {
  moment: StepMoment;
  /** What the model says in this step; null when it goes straight to tool calls. */
  text: string | null;
  /** Tool calls this step asks for: their arguments are part of the completion. */
  toolCalls: number;
  /** The provider is down: the stream is restarted until max_restarts, then the step fails. */
  providerDown: boolean;
}

const MAX_RESTARTS = 3;
const transientReasons = ['stream stalled: no data for 30s', 'upstream returned 529 overloaded', 'connection reset by peer', 'HTTP/2 GOAWAY from provider'];
const outageReasons = ['upstream returned 503 service unavailable', 'upstream returned 529 overloaded', 'TLS handshake timed out'];

/**
 * One request to the root model: the estimate of what is sent, thinking, the
 * streamed answer and the usage it cost. Returns false when the stream could not
 * be restarted (the caller ends the session in error).
 */
export function* modelStep(ctx: ScenarioContext, request: ModelStepRequest): Steps<boolean> {
  const { rng, profile } = ctx;
  const startedAtMs = ctx.clockMs;
  ctx.modelSteps++;
  yield ctx.at({ type: 'token_estimate', model: profile.model.id, request_tokens: ctx.contextTokens, budget: profile.budget });
  yield ctx.at({ type: 'thinking' });

  if (request.providerDown) {
    for (let attempt = 1; attempt <= MAX_RESTARTS; attempt++) {
      ctx.wait(rng.float(2_000, 6_000) * attempt);
      yield ctx.at({ type: 'stream_retry', attempt, max_restarts: MAX_RESTARTS, reason: rng.pick(outageReasons) });
    }
    ctx.wait(rng.float(3_000, 8_000));
    return false;
  }
  if (rng.chance(0.06)) {
    const attempts = rng.chance(0.3) ? 2 : 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      ctx.wait(rng.float(1_500, 5_000));
      yield ctx.at({ type: 'stream_retry', attempt, max_restarts: MAX_RESTARTS, reason: rng.pick(transientReasons) });
    }
  }

  const [minFirst, maxFirst] = profile.model.firstTokenMs;
  ctx.wait(rng.float(minFirst, maxFirst) * rng.float(1, 1.6));
  const thought = thoughtFor(rng, profile.task, request.moment);
  yield ctx.at({ type: 'thinking_complete', thought });

  let text = '';
  if (request.text) {
    const chunks = streamingChunks(rng, request.text);
    const snapshotChance = profile.snapshotHeavy ? 0.35 : 0.03;
    const stallAt = rng.chance(0.05) ? rng.int(1, Math.max(1, chunks.length - 1)) : -1;
    for (const [index, chunk] of chunks.entries()) {
      ctx.wait(rng.int(30, 80));
      text += chunk;
      if (index === stallAt) {
        // The stream stalls and restarts; the agent re-sends the whole text so far.
        ctx.wait(rng.float(800, 2_500));
        yield ctx.at({ type: 'stream_retry', attempt: 1, max_restarts: MAX_RESTARTS, reason: 'stream stalled: no data for 30s' });
        ctx.wait(rng.float(600, 2_000));
        yield ctx.at({ type: 'text_chunk', text });
      } else if (rng.chance(snapshotChance)) yield ctx.at({ type: 'text_chunk', text });
      else yield ctx.at({ type: 'text_chunk', delta: chunk });
    }
    ctx.wait(rng.int(20, 120));
    yield ctx.at({ type: 'text_complete', text });
  }

  const completionTokens = tokensOf(thought) + (text ? tokensOf(text) : 0) + request.toolCalls * rng.int(40, 260);
  const durationMs = ctx.clockMs - startedAtMs;
  yield ctx.at(
    tokenUsage(ctx, {
      source: 'root',
      model: profile.model,
      promptTokens: ctx.contextTokens,
      completionTokens,
      durationMs,
      cachedPrefix: ctx.cachedPromptTokens,
    }),
  );
  ctx.rootTotals.promptTokens += ctx.contextTokens;
  ctx.rootTotals.completionTokens += completionTokens;
  ctx.rootTotals.durationMs += durationMs;
  ctx.cachedPromptTokens = ctx.contextTokens;
  ctx.contextTokens += completionTokens;
  return true;
}
