import { demoTasks, type DemoTask } from './demo-tasks';
import type { Random } from './random';

/** How a model family reports prompt caching, which shapes its cache_read/cache_write figures. */
export type CacheStyle = 'explicit' | 'automatic' | 'implicit';

export interface ModelSpec {
  id: string;
  /** Output speed, for durations that match the streaming the dashboard shows. */
  tokensPerSecond: number;
  /** Time to first token. */
  firstTokenMs: readonly [number, number];
  cacheStyle: CacheStyle;
  /** The request budgets agents configure for it. */
  budgets: readonly number[];
}

const model = (
  id: string,
  tokensPerSecond: number,
  firstTokenMs: readonly [number, number],
  cacheStyle: CacheStyle,
  budgets: readonly number[],
): ModelSpec => ({ id, tokensPerSecond, firstTokenMs, cacheStyle, budgets });

/** Root models with how often sessions use them. */
export const rootModels: readonly (readonly [ModelSpec, number])[] = [
  [model('anthropic/claude-sonnet-4-5', 70, [900, 2600], 'explicit', [200_000]), 5],
  [model('openai/gpt-5', 75, [1200, 4200], 'automatic', [128_000, 200_000]), 3],
  [model('google/gemini-2.5-pro', 85, [1100, 3200], 'implicit', [128_000, 200_000]), 2],
  [model('anthropic/claude-haiku-4-5', 160, [400, 1200], 'explicit', [128_000, 200_000]), 2],
  [model('anthropic/claude-opus-4-1', 38, [1500, 3800], 'explicit', [200_000]), 1],
];

/** Small models for RLM sub-calls and tools that summarise, by the provider a session prefers. */
export const subcallModels: Record<'anthropic' | 'openai' | 'google', ModelSpec> = {
  anthropic: model('anthropic/claude-haiku-4-5', 160, [350, 900], 'explicit', [200_000]),
  openai: model('openai/gpt-5-mini', 140, [500, 1500], 'automatic', [128_000]),
  google: model('google/gemini-2.5-flash', 220, [300, 800], 'implicit', [128_000]),
};

/**
 * How the session ends. Most finish; some die of a provider outage (stream
 * retries exhausted), of a context that no compaction can fit, or because the
 * user cancelled.
 */
export type SessionFate = 'done' | 'provider_error' | 'context_overflow' | 'cancelled';

export interface SessionProfile {
  task: DemoTask;
  agent: string;
  model: ModelSpec;
  subcallModel: ModelSpec;
  /** A different provider's small model, for rlm_subcall_fallback. */
  fallbackModel: ModelSpec;
  budget: number;
  /** Scenario time after which the agent wraps up (it finishes its current step first). */
  targetDurationMs: number;
  /** Context at the first request: a fresh session's prompt, or a resumed one's history. */
  startContextTokens: number;
  fate: SessionFate;
  /** Some producers stream cumulative snapshots (`text`) far more than deltas. */
  snapshotHeavy: boolean;
}

const providerOf = (modelId: string): keyof typeof subcallModels =>
  modelId.startsWith('openai/') ? 'openai' : modelId.startsWith('google/') ? 'google' : 'anthropic';

export function pickSessionProfile(rng: Random): SessionProfile {
  const task = rng.pick(demoTasks);
  const rootModel = rng.weighted(rootModels);
  const providers = ['anthropic', 'openai', 'google'] as const;
  const rootProvider = providerOf(rootModel.id);
  // Sub-calls mostly stay with the root model's provider; a fallback always leaves it.
  const subcallProvider = rng.chance(0.8) ? rootProvider : rng.pick(providers.filter((p) => p !== rootProvider));
  const fallbackProvider = rng.pick(providers.filter((p) => p !== subcallProvider));
  const budget = rng.pick(rootModel.budgets);
  const fate = rng.weighted<SessionFate>([
    ['done', 78],
    ['provider_error', 9],
    ['context_overflow', 7],
    ['cancelled', 6],
  ]);
  // A resumed session starts deep into its budget, which is where compaction lives;
  // an overflowing one starts close enough for its first compaction to come soon.
  const resumed = fate === 'context_overflow' || rng.chance(0.45);
  const startFraction = fate === 'context_overflow' ? rng.float(0.74, 0.82) : resumed ? rng.float(0.6, 0.84) : rng.float(0.05, 0.16);
  return {
    task,
    agent: rng.chance(0.8) ? task.agent : rng.pick(['build', 'plan', 'review', 'general']),
    model: rootModel,
    subcallModel: subcallModels[subcallProvider],
    fallbackModel: subcallModels[fallbackProvider],
    budget,
    targetDurationMs: Math.round(rng.float(60_000, 220_000)),
    startContextTokens: Math.round(budget * startFraction),
    fate,
    snapshotHeavy: rng.chance(0.2),
  };
}
