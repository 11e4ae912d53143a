import { formatCount, formatUsd } from '../../../lib/format/format';

// What the Cost page says beside our price when the producer reported its own cost
// (token_usage `reported_cost_usd`), and beside a call count that came from usage
// reports. Pure, so the wording is tested without a browser.

/**
 * "the source reported $X; catalogue price $Y" when the producer's own figure and ours
 * differ as shown (to the displayed cent or fraction of one); null when nothing was
 * reported or both read the same.
 */
export function reportedCostNote(costUsd: number | null, reportedCostUsd: number | null): string | null {
  if (reportedCostUsd === null) return null;
  const reported = formatUsd(reportedCostUsd);
  if (costUsd === null) return `the source reported ${reported}; no catalogue price`;
  const ours = formatUsd(costUsd);
  return ours === reported ? null : `the source reported ${reported}; catalogue price ${ours}`;
}

/** "3 from usage reports" when some of the calls were counted from usage reports (a producer without token_usage). */
export function usageReportNote(usageReportCalls: number): string | null {
  return usageReportCalls > 0 ? `${formatCount(usageReportCalls)} from usage reports` : null;
}
