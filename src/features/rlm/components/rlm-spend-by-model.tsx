import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { barProps, gridProps, seriesClassName, tooltipProps } from '../../../components/charts/chart-defaults';
import { ChartLegend } from '../../../components/charts/chart-legend';
import { ChartTooltip } from '../../../components/charts/chart-tooltip';
import { numeric, TableHead } from '../../../components/table-head';
import { formatTokens, formatUsd } from '../../../lib/format/format';
import type { ModelSpend } from '../utils/spend-by-model';

/** "anthropic/claude-haiku-4-5" → "claude-haiku-4-5" on the narrow axis; the table under it has the full name. */
const withoutProvider = (model: string) => model.slice(model.lastIndexOf('/') + 1);

/** A cost that says "unpriced" rather than $0, and how much of it had no price. */
export function SpendCost({ spend }: { spend: Pick<ModelSpend, 'costUsd' | 'unpricedTokens'> }) {
  if (spend.costUsd === null) return <span className="muted">unpriced</span>;
  return (
    <>
      {formatUsd(spend.costUsd)}
      {spend.unpricedTokens > 0 && <span className="muted"> +{formatTokens(spend.unpricedTokens)} tokens unpriced</span>}
    </>
  );
}

/** RLM tokens by model (iterations and subcalls stacked), with each model's cost in the table under it. */
export function RlmSpendByModel({ spends }: { spends: readonly ModelSpend[] }) {
  const height = Math.max(120, 40 + spends.length * 32);
  return (
    <>
      <div className="chart" style={{ height }} aria-hidden="true">
        <BarChart data={spends} layout="vertical" responsive style={{ width: '100%', height: '100%' }} margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid {...gridProps} vertical horizontal={false} />
          <XAxis type="number" tickFormatter={formatTokens} tickLine={false} className="chart-axis" />
          <YAxis type="category" dataKey="model" width={150} tickFormatter={withoutProvider} tickLine={false} className="chart-axis" />
          <Tooltip {...tooltipProps} content={<ChartTooltip valueFormatter={formatTokens} labelFormatter={(label) => String(label)} />} />
          <Bar dataKey="iterationTokens" name="iteration tokens" stackId="tokens" className={seriesClassName(0)} {...barProps} />
          <Bar dataKey="subcallTokens" name="subcall tokens" stackId="tokens" className={seriesClassName(1)} {...barProps} />
        </BarChart>
      </div>
      <ChartLegend
        entries={[
          { key: 'iteration tokens', label: 'iteration tokens', seriesIndex: 0 },
          { key: 'subcall tokens', label: 'subcall tokens', seriesIndex: 1 },
        ]}
      />
      <table className="analytics-table">
        <caption className="visually-hidden">RLM token spend by model</caption>
        {/* Token counts, not numbers of iterations or subcalls (those are in the completions table). */}
        <TableHead columns={['Model', numeric('Iteration tokens'), numeric('Subcall tokens'), numeric('Cost')]} />
        <tbody>
          {spends.map((spend) => (
            <tr key={spend.model}>
              <th scope="row">{spend.model}</th>
              <td className="numeric">{formatTokens(spend.iterationTokens)}</td>
              <td className="numeric">{formatTokens(spend.subcallTokens)}</td>
              <td className="numeric">
                <SpendCost spend={spend} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
