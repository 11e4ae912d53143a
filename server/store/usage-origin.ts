import type { UsageOrigin } from '#protocol/api-schemas';
import type { KnownSessionEvent } from '#protocol/event-schemas';

// The one rule, for every store and for the session summary, of how a session's
// token usage is counted when its producer may send `usage_report` (one per LLM
// call, no source: codetether serve sends only these), `token_usage`, or both.
//
// - A usage_report counts as `root` usage, marked as from a usage report, while the
//   session has had no token_usage.
// - A session's first token_usage withdraws what its usage reports counted (rows,
//   rollups and summary totals, in the same transaction), then counts itself.
// - After that, usage reports are history only: never counted twice.

/** What one stored event does to its session's token accounting. */
export type UsageAction =
  /** Not usage: nothing to count. */
  | 'none'
  /** Count it (a token_usage, or a usage_report of a session without token_usage). */
  | 'count'
  /** First token_usage after usage reports: withdraw the reports' usage, then count it. */
  | 'withdraw_reports_then_count'
  /** A usage_report of a session that has token_usage: the same calls, already counted. */
  | 'ignore';

export interface UsageStep {
  action: UsageAction;
  /** The session's usage origin after the event. */
  origin: UsageOrigin | null;
}

/** The rule: the session's origin before a (stored, non-duplicate) event, to the event's action and the origin after it. */
export function usageStep(origin: UsageOrigin | null, event: Pick<KnownSessionEvent, 'type'>): UsageStep {
  switch (event.type) {
    case 'token_usage':
      return { action: origin === 'usage_report' ? 'withdraw_reports_then_count' : 'count', origin: 'token_usage' };
    case 'usage_report':
      return origin === 'token_usage' ? { action: 'ignore', origin } : { action: 'count', origin: 'usage_report' };
    default:
      return { action: 'none', origin };
  }
}

/**
 * The rule over one batch, for a writer that sees the stored events before the summaries
 * are folded: each session starts from its committed origin (`originOf`, asked once per
 * session) and follows the batch's events in order, as the summary fold does.
 */
export class BatchUsageOrigins {
  private readonly origins = new Map<string, UsageOrigin | null>();

  constructor(private readonly originOf: (sessionId: string) => UsageOrigin | null) {}

  step(event: Pick<KnownSessionEvent, 'type' | 'session_id'>): UsageAction {
    if (event.type !== 'token_usage' && event.type !== 'usage_report') return 'none';
    const before = this.origins.has(event.session_id) ? this.origins.get(event.session_id)! : this.originOf(event.session_id);
    const { action, origin } = usageStep(before, event);
    this.origins.set(event.session_id, origin);
    return action;
  }
}
