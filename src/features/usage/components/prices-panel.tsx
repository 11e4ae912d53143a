import { numeric, TableHead } from '../../../components/table-head';
import { formatDateTime } from '../../../lib/format/format';
import type { PriceRule } from '../../../protocol/cost-schemas';

const kindLabels: Record<PriceRule['kind'], string> = { override: 'Override', catalogue: 'Catalogue', unpriced: 'Unpriced' };

/** USD per million tokens as the rule states it, to 4 decimals: $3, $0.3, $3.75, $0.075. */
function rate(value: number | null): string {
  return value === null ? '—' : `$${Number(value.toFixed(4))}`;
}

/** Which price rule applied to each model in the view, so every dollar above can be traced to a rate. */
export function PricesPanel({ prices }: { prices: readonly PriceRule[] }) {
  if (prices.length === 0) return <p className="muted">No model has usage in this view.</p>;
  const rules = [...prices].sort((a, b) => a.model.localeCompare(b.model) || (a.effective_from_ms ?? 0) - (b.effective_from_ms ?? 0));
  return (
    <div className="table-scroll">
      <table className="sessions-table usage-table usage-prices">
        <caption className="visually-hidden">Price rules applied, per model (USD per million tokens)</caption>
        <TableHead columns={['Model', 'Rule', 'Matched', numeric('Input / MTok'), numeric('Output / MTok'), numeric('Cache read'), numeric('Cache write'), 'Effective from']} />
        <tbody>
          {rules.map((rule) => (
            <tr key={`${rule.model}|${rule.kind}|${rule.effective_from_ms ?? ''}`}>
              <th scope="row" className="usage-table__mono">
                {rule.model}
              </th>
              <td>
                <span className="badge usage-rule" data-kind={rule.kind}>
                  {kindLabels[rule.kind]}
                </span>
                {rule.note && <div className="muted usage-prices__note">{rule.note}</div>}
              </td>
              <td className="usage-table__mono">{[rule.provider, rule.matched_model].filter(Boolean).join(' / ') || '—'}</td>
              <td className="numeric">{rate(rule.input_per_mtok)}</td>
              <td className="numeric">{rate(rule.output_per_mtok)}</td>
              <td className="numeric">{rate(rule.cache_read_per_mtok)}</td>
              <td className="numeric">{rate(rule.cache_write_per_mtok)}</td>
              <td>{rule.effective_from_ms === null ? 'always' : formatDateTime(rule.effective_from_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
