import type { CompactionStrategy } from '#protocol/event-schemas';
import type { ScenarioContext, Steps } from './scenario-context';
import { rlmLoop } from './scenario-rlm';

/** Compact above this share of the budget. */
export const COMPACTION_THRESHOLD = 0.85;

type CompactionPath = 'rlm' | 'chunk_compress' | 'truncate';

/**
 * One compaction cycle, correlated by trace_id: started, then completed by an
 * RLM summary or chunk compression; or the terminal path, truncation, followed
 * by failed when even that leaves the context over budget. Returns false in that
 * last case: the session cannot go on. The context shrinks to the result and the
 * provider cache, now stale, is forgotten.
 */
export function* compaction(ctx: ScenarioContext): Steps<boolean> {
  const { rng, profile } = ctx;
  const traceId = rng.uuid();
  const beforeTokens = ctx.contextTokens;
  const budget = profile.budget;
  const overBudget = beforeTokens > budget;
  const percent = Math.round((beforeTokens / budget) * 100);
  yield ctx.at({
    type: 'compaction_started',
    trace_id: traceId,
    reason: overBudget ? `request of ${beforeTokens} tokens exceeds the ${budget}-token budget` : `context at ${percent}% of the ${budget}-token budget`,
    before_tokens: beforeTokens,
    budget,
  });
  // Far over budget only truncation is quick enough to try.
  const path = overBudget && beforeTokens > budget * 1.2 ? 'truncate' : rng.weighted<CompactionPath>([['rlm', 50], ['chunk_compress', 35], ['truncate', 15]]);
  const keptMessages = rng.int(6, 40);

  if (path !== 'truncate') {
    let strategy: CompactionStrategy = path;
    let afterTokens = Math.round(beforeTokens * rng.float(0.35, 0.55));
    if (path === 'rlm') {
      const summary = yield* rlmLoop(ctx, beforeTokens);
      // A summary that did not come together falls back to compressing chunks.
      if (summary.outcome === 'converged' || summary.outcome === 'exhausted') afterTokens = Math.round(beforeTokens * rng.float(0.18, 0.4));
      else strategy = 'chunk_compress';
    }
    ctx.wait(rng.int(1_200, 5_000));
    yield ctx.at({ type: 'compaction_completed', trace_id: traceId, strategy, before_tokens: beforeTokens, after_tokens: afterTokens, kept_messages: keptMessages });
    settle(ctx, afterTokens);
    return true;
  }

  // Truncation keeps the newest messages; one huge message among them can keep the context over budget.
  const afterTokens = beforeTokens > budget * 1.2 ? Math.round(budget * rng.float(1.04, 1.3)) : Math.round(budget * rng.float(0.35, 0.6));
  ctx.wait(rng.int(300, 1_500));
  yield ctx.at({
    type: 'context_truncated',
    trace_id: traceId,
    dropped_tokens: Math.max(0, beforeTokens - afterTokens),
    kept_messages: keptMessages,
    archive_ref: rng.chance(0.6) ? `.codetether-agent/archive/${traceId}.jsonl` : null,
  });
  ctx.wait(rng.int(50, 300));
  yield ctx.at({ type: 'compaction_completed', trace_id: traceId, strategy: 'truncate', before_tokens: beforeTokens, after_tokens: afterTokens, kept_messages: keptMessages });
  settle(ctx, afterTokens);
  if (afterTokens <= budget) return true;
  ctx.wait(rng.int(20, 200));
  yield ctx.at({
    type: 'compaction_failed',
    trace_id: traceId,
    fell_back_to: rng.chance(0.75) ? 'truncate' : null,
    reason: `a single message of ${afterTokens - keptMessages * 400} tokens exceeds the budget even after truncation`,
    after_tokens: afterTokens,
    budget,
  });
  return false;
}

function settle(ctx: ScenarioContext, afterTokens: number): void {
  ctx.contextTokens = afterTokens;
  ctx.cachedPromptTokens = 0;
}
