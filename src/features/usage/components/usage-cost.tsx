import { formatCount, formatUsd } from '../../../lib/format';

/**
 * A cost figure as the page shows it everywhere: dollars; "unpriced" with the
 * tokens when nothing has a price (never $0); dollars plus "+ N tokens
 * unpriced" when only part of it has one.
 */
export function UsageCost({ costUsd, unpricedTokens }: { costUsd: number | null; unpricedTokens: number }) {
  // No tokens at all: nothing to price, which is neither $0 nor "unpriced".
  if (costUsd === null && unpricedTokens === 0) return <span className="usage-cost muted">—</span>;
  if (costUsd === null) {
    return (
      <span className="usage-cost" data-priced="none">
        <span className="usage-cost__unpriced">unpriced</span>
        <span className="usage-cost__note muted"> {formatCount(unpricedTokens)} tokens</span>
      </span>
    );
  }
  return (
    <span className="usage-cost" data-priced={unpricedTokens > 0 ? 'part' : 'all'}>
      <span className="usage-cost__usd">{formatUsd(costUsd)}</span>
      {unpricedTokens > 0 && (
        <span className="usage-cost__note muted">
          {' '}
          + {formatCount(unpricedTokens)} tokens unpriced
        </span>
      )}
    </span>
  );
}
