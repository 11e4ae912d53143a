import type { SessionSummary } from '#protocol/api-schemas';
import type { Budget } from '#protocol/cost-schemas';
import type { AlertKind } from '#protocol/alert-schemas';
import { isOverBudget } from '#protocol/derived';
import type { KnownSessionEvent } from '#protocol/event-schemas';
import type { IngestItem } from '../ingest/ingest-item';
import { kindSettingsFor, type AlertSettings } from './alert-settings';
import { alertMessage } from './alert-messages';

// When each alert fires and clears. Pure: the engine (alert-engine.ts) feeds it
// committed batches and the clock, and applies the steps against what is open.
//
// Fires / clears:
// - approval_waiting: an approval_request unanswered for `after_ms` / none left pending (approval-watch.ts);
// - error: the session ended in error / it went on (active again) or ended done;
// - stalled, abandoned: an active session silent for `after_ms` / any newer event, or it ended;
// - budget_warn, budget_limit: its cost reached the threshold / the cost is under it again (budget raised);
// - daily_spend: the UTC day's spend reached the threshold / the day is over, or the spend is under the
//   threshold again (raised, or repriced) (key: the day);
// - context_over_budget: the latest token_estimate has request_tokens > budget / a later one within budget;
// - context_lost: a context_truncated / a later compaction that kept the context (strategy other than truncate);
// - compaction_failed: a compaction_failed / a later compaction_completed;
// - subcall_fallback: an rlm_subcall_fallback / a later rlm_subcall token_usage on the requested model again.

export type AlertDetail = Record<string, string | number | null>;

/**
 * Events older than this when committed are history being backfilled (a watched
 * directory's old logs, a producer's long-buffered resend), not news: they clear
 * alerts but fire none, so pointing the server at a year of logs pages nobody.
 */
export const backfillAgeMs = 60 * 60_000;
/** A session silent for longer than this is history too: stalled / abandoned never fire for it. */
export const silenceHorizonMs = 24 * 60 * 60_000;

export interface AlertDraft {
  kind: AlertKind;
  /** What "once per condition" counts: the session id, or the UTC day for daily_spend. */
  key: string;
  session_id: string | null;
  agent: string | null;
  ts_ms: number;
  message: string;
  detail: AlertDetail;
}

export type AlertStep = { op: 'fire'; draft: AlertDraft } | { op: 'clear'; kind: AlertKind; key: string };

/** The detail of the open alert of `kind` for `key`, or undefined when none is open. */
export type OpenDetail = (kind: AlertKind, key: string) => AlertDetail | undefined;

type SessionAlertKind = Exclude<AlertKind, 'daily_spend'>;

function draftFor(summary: SessionSummary, kind: SessionAlertKind, tsMs: number, detail: AlertDetail): AlertDraft {
  const title = summary.title ?? summary.session_id.slice(0, 8);
  return { kind, key: summary.session_id, session_id: summary.session_id, agent: summary.agent, ts_ms: tsMs, message: alertMessage(kind, title, detail), detail };
}

/** Steps that follow from one session's events in a committed batch (in order) and its summary after it. */
export function eventSteps(summary: SessionSummary, items: readonly IngestItem[], nowMs: number, settings: AlertSettings, openDetail: OpenDetail): AlertStep[] {
  const steps: AlertStep[] = [];
  const on = (kind: SessionAlertKind) => kindSettingsFor(settings, kind, summary.agent).enabled;
  const isNews = (tsMs: number) => nowMs - tsMs <= backfillAgeMs;
  const key = summary.session_id;
  const clear = (kind: AlertKind) => steps.push({ op: 'clear', kind, key });
  // A fallback fired earlier in this batch is not yet open: remember its requested model here.
  let fallbackModel = openDetail('subcall_fallback', key)?.requested_model ?? null;

  for (const item of items) {
    if (!item.known) continue;
    const event = item.event as KnownSessionEvent;
    const news = isNews(item.tsMs);
    switch (event.type) {
      case 'context_truncated':
        if (news && on('context_lost')) {
          steps.push({ op: 'fire', draft: draftFor(summary, 'context_lost', item.tsMs, { dropped_tokens: event.dropped_tokens, trace_id: event.trace_id }) });
        }
        break;
      case 'compaction_failed':
        if (news && on('compaction_failed')) {
          steps.push({ op: 'fire', draft: draftFor(summary, 'compaction_failed', item.tsMs, { reason: event.reason, fell_back_to: event.fell_back_to, trace_id: event.trace_id }) });
        }
        break;
      case 'compaction_completed':
        clear('compaction_failed');
        if (event.strategy !== 'truncate') clear('context_lost');
        break;
      case 'rlm_subcall_fallback':
        if (news && on('subcall_fallback')) {
          fallbackModel ??= event.requested_model;
          const detail = { requested_model: event.requested_model, fallback_model: event.fallback_model, reason: event.reason };
          steps.push({ op: 'fire', draft: draftFor(summary, 'subcall_fallback', item.tsMs, detail) });
        }
        break;
      case 'token_usage':
        if (event.source === 'rlm_subcall' && fallbackModel !== null && event.model === fallbackModel) {
          clear('subcall_fallback');
          fallbackModel = null;
        }
        break;
      case 'error':
        if (news && on('error') && summary.status === 'error' && event.seq === summary.last_seq) {
          steps.push({ op: 'fire', draft: draftFor(summary, 'error', item.tsMs, { error: event.error }) });
        }
        break;
      default:
        break;
    }
  }
  if (summary.status !== 'error') clear('error');

  const estimate = summary.last_estimate;
  if (estimate !== null && items.some((item) => item.event.type === 'token_estimate')) {
    if (isOverBudget(estimate) && on('context_over_budget') && isNews(estimate.ts_ms)) {
      const detail = { request_tokens: estimate.request_tokens, budget: estimate.budget, model: estimate.model };
      steps.push({ op: 'fire', draft: draftFor(summary, 'context_over_budget', estimate.ts_ms, detail) });
    } else if (!isOverBudget(estimate)) {
      clear('context_over_budget');
    }
  }
  return steps;
}

/** Stalled and abandoned: whether the session is silent now, from its summary (also run on every batch, to clear). */
export function silenceSteps(summary: SessionSummary, nowMs: number, settings: AlertSettings, approvalPending: boolean): AlertStep[] {
  const steps: AlertStep[] = [];
  const silentMs = nowMs - summary.last_seen_ms;
  for (const kind of ['stalled', 'abandoned'] as const) {
    const { enabled, afterMs } = kindSettingsFor(settings, kind, summary.agent);
    // Waiting on an operator is not a stall: approval_waiting says it better.
    const holds = summary.status === 'active' && silentMs > afterMs && !(kind === 'stalled' && approvalPending);
    if (holds && enabled && silentMs <= silenceHorizonMs) steps.push({ op: 'fire', draft: draftFor(summary, kind, nowMs, { silent_ms: silentMs, last_seen_ms: summary.last_seen_ms }) });
    else if (!holds) steps.push({ op: 'clear', kind, key: summary.session_id });
  }
  return steps;
}

/** approval_waiting from the oldest approval still pending (null: none). */
export function approvalSteps(summary: SessionSummary, oldestPending: { since_ms: number; tool: string } | null, nowMs: number, settings: AlertSettings): AlertStep[] {
  if (oldestPending === null || summary.status !== 'active') return [{ op: 'clear', kind: 'approval_waiting', key: summary.session_id }];
  const { enabled, afterMs } = kindSettingsFor(settings, 'approval_waiting', summary.agent);
  const waitedMs = nowMs - oldestPending.since_ms;
  if (!enabled || waitedMs < afterMs || waitedMs > silenceHorizonMs) return [];
  return [{ op: 'fire', draft: draftFor(summary, 'approval_waiting', Math.max(nowMs, oldestPending.since_ms), { tool: oldestPending.tool, since_ms: oldestPending.since_ms }) }];
}

/** budget_warn and budget_limit from the session's cost (null: unpriced, nothing to compare). */
export function budgetSteps(summary: SessionSummary, costUsd: number | null, budget: Budget, nowMs: number, settings: AlertSettings): AlertStep[] {
  const steps: AlertStep[] = [];
  const thresholds = [
    ['budget_warn', budget.warn_usd],
    ['budget_limit', budget.limit_usd],
  ] as const;
  for (const [kind, threshold] of thresholds) {
    const holds = threshold !== null && costUsd !== null && costUsd >= threshold;
    if (holds && kindSettingsFor(settings, kind, summary.agent).enabled) {
      steps.push({ op: 'fire', draft: draftFor(summary, kind, nowMs, { cost_usd: costUsd, threshold_usd: threshold }) });
    } else if (!holds) {
      steps.push({ op: 'clear', kind, key: summary.session_id });
    }
  }
  return steps;
}

/** The UTC day of `ms` as YYYY-MM-DD, and when it started. */
export function utcDayOf(ms: number): { key: string; startMs: number } {
  const startMs = Math.floor(ms / 86_400_000) * 86_400_000;
  return { key: new Date(startMs).toISOString().slice(0, 10), startMs };
}

/** daily_spend for today (`threshold` null: off); open alerts of earlier days (`openDays`) clear. */
export function dailySpendSteps(spendUsd: number, nowMs: number, settings: AlertSettings, openDays: readonly string[]): AlertStep[] {
  const today = utcDayOf(nowMs).key;
  const steps: AlertStep[] = openDays.filter((day) => day !== today).map((day) => ({ op: 'clear', kind: 'daily_spend', key: day }) as const);
  const threshold = settings.dailySpendUsd;
  if (threshold !== null && spendUsd >= threshold) {
    const detail = { spend_usd: spendUsd, threshold_usd: threshold, day: today };
    steps.push({ op: 'fire', draft: { kind: 'daily_spend', key: today, session_id: null, agent: null, ts_ms: nowMs, message: alertMessage('daily_spend', null, detail), detail } });
  } else {
    steps.push({ op: 'clear', kind: 'daily_spend', key: today });
  }
  return steps;
}
