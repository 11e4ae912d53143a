import type { AlertKind } from '#protocol/alert-schemas';
import type { AlertDetail } from './alert-conditions';

// The human sentence of each alert, for the notification centre and webhooks.

const usd = (value: string | number | null | undefined) => (typeof value === 'number' ? `$${value.toFixed(value < 1 ? 4 : 2)}` : '?');
const tokens = (value: string | number | null | undefined) => (typeof value === 'number' ? value.toLocaleString('en-US') : '?');

function duration(ms: string | number | null | undefined): string {
  if (typeof ms !== 'number') return '?';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.floor(ms / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** `session`: its title or short id; null only for daily_spend. */
export function alertMessage(kind: AlertKind, session: string | null, detail: AlertDetail): string {
  const s = `Session "${session ?? '?'}"`;
  switch (kind) {
    case 'approval_waiting':
      return `${s} is waiting for approval to run ${detail.tool ?? 'a tool'}`;
    case 'error':
      return `${s} failed: ${detail.error ?? 'error'}`;
    case 'stalled':
      return `${s} has stalled: no event for ${duration(detail.silent_ms)}`;
    case 'abandoned':
      return `${s} looks abandoned: no event for ${duration(detail.silent_ms)}`;
    case 'budget_warn':
      return `${s} cost ${usd(detail.cost_usd)}, over its warning budget of ${usd(detail.threshold_usd)}`;
    case 'budget_limit':
      return `${s} cost ${usd(detail.cost_usd)}, over its budget limit of ${usd(detail.threshold_usd)}`;
    case 'daily_spend':
      return `Spend on ${detail.day ?? 'today'} (UTC) reached ${usd(detail.spend_usd)}, over the daily threshold of ${usd(detail.threshold_usd)}`;
    case 'context_over_budget':
      return `${s} context is over budget: ${tokens(detail.request_tokens)} of ${tokens(detail.budget)} tokens`;
    case 'context_lost':
      return `${s} lost context: ${tokens(detail.dropped_tokens)} tokens truncated`;
    case 'compaction_failed':
      return `${s} compaction failed: ${detail.reason ?? 'unknown reason'}`;
    case 'subcall_fallback':
      return `${s} RLM subcall fell back from ${detail.requested_model ?? '?'} to ${detail.fallback_model ?? '?'}`;
  }
}
