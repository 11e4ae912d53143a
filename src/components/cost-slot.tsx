/**
 * PRICES NOT BUILT YET (issue 3 leaves a slot): the price catalogue does not
 * exist, so cost is shown as unpriced, never as a made-up $0. When prices land,
 * pass the session's cost_usd here and format it with formatUsd.
 */
export function CostSlot() {
  return (
    <span className="muted cost-slot" data-slot="cost" title="Prices are not available yet">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">not priced yet</span>
    </span>
  );
}
