import { formatCount, formatUsd } from '../../../lib/format/format';
import { reportedCostNote } from '../utils/reported-cost';

/**
 * A cost figure as the page shows it everywhere: dollars; "unpriced" with the
 * tokens when nothing has a price (never $0); dollars plus "+ N tokens
 * unpriced" when only part of it has one.
 */
export function UsageCost({
  costUsd,
  unpricedTokens,
  reportedCostUsd = null,
  format = formatUsd,
}: {
  costUsd: number | null;
  unpricedTokens: number;
  reportedCostUsd?: number | null;
  /** A table column's formatter (usdColumnFormatter), so the column's cells share their decimals. */
  format?: (amount: number | null) => string;
}) {
  // No tokens at all: nothing to price, which is neither $0 nor "unpriced".
  if (costUsd === null && unpricedTokens === 0) return <span className="usage-cost muted">—</span>;
  const reported = reportedCostNote(costUsd, reportedCostUsd);
  // The space keeps the two apart in copied text and for screen readers; CSS puts the note on its own line.
  const reportedNote = reported !== null && <> <span className="usage-cost__reported muted">{reported}</span></>;
  if (costUsd === null) {
    return (
      <span className="usage-cost" data-priced="none">
        <span className="usage-cost__unpriced">unpriced</span>
        <span className="usage-cost__note muted"> {formatCount(unpricedTokens)} tokens</span>
        {reportedNote}
      </span>
    );
  }
  return (
    <span className="usage-cost" data-priced={unpricedTokens > 0 ? 'part' : 'all'}>
      <span className="usage-cost__usd">{format(costUsd)}</span>
      {unpricedTokens > 0 && (
        <span className="usage-cost__note muted">
          {' '}
          + {formatCount(unpricedTokens)} tokens unpriced
        </span>
      )}
      {reportedNote}
    </span>
  );
}
