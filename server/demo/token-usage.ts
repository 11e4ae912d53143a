import type { EventDraft } from './event-draft';
import type { ScenarioContext } from './scenario-context';
import type { ModelSpec } from './session-profiles';
import type { TokenSource } from '#protocol/token-source';

type TokenUsageDraft = Extract<EventDraft, { type: 'token_usage' }>;

/** How long a call takes: time to first token, then output at the model's speed. */
export function callDurationMs(ctx: ScenarioContext, model: ModelSpec, completionTokens: number): number {
  const [minFirst, maxFirst] = model.firstTokenMs;
  return Math.round(ctx.rng.float(minFirst, maxFirst) + (completionTokens / model.tokensPerSecond) * 1000);
}

/**
 * The cached part of a prompt, the way each provider family reports it:
 * explicit (Anthropic) reads the previous prefix and writes the new tail;
 * automatic (OpenAI) reads in 128-token blocks and reports no writes;
 * implicit (Gemini) reads a prefix only some of the time.
 */
function cacheFigures(ctx: ScenarioContext, model: ModelSpec, promptTokens: number, cachedPrefix: number) {
  const prefix = Math.min(cachedPrefix, promptTokens);
  switch (model.cacheStyle) {
    case 'explicit': {
      const read = Math.round(prefix * ctx.rng.float(0.93, 1));
      const write = Math.max(0, Math.round((promptTokens - read) * ctx.rng.float(0.85, 0.98)));
      return { cache_read_tokens: read, cache_write_tokens: write };
    }
    case 'automatic':
      return prefix >= 1024 ? { cache_read_tokens: Math.floor((prefix * ctx.rng.float(0.8, 0.98)) / 128) * 128 } : {};
    case 'implicit':
      return prefix > 0 && ctx.rng.chance(0.6) ? { cache_read_tokens: Math.round(prefix * ctx.rng.float(0.5, 0.9)) } : {};
  }
}

export interface UsageFigures {
  source: TokenSource;
  model: ModelSpec;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
  /** How much of the prompt a provider cache could already hold. */
  cachedPrefix: number;
}

export function tokenUsage(ctx: ScenarioContext, figures: UsageFigures): TokenUsageDraft {
  return {
    type: 'token_usage',
    source: figures.source,
    model: figures.model.id,
    prompt_tokens: figures.promptTokens,
    completion_tokens: figures.completionTokens,
    duration_ms: figures.durationMs,
    ...cacheFigures(ctx, figures.model, figures.promptTokens, figures.cachedPrefix),
  };
}
