import type { ReactNode } from 'react';
import { numeric, TableHead } from '../../../components/table-head';
import { formatCount, formatPercent, usdColumnFormatter } from '../../../lib/format/format';
import { usageReportNote } from '../utils/reported-cost';
import type { TotalsLine, TotalsTable as Totals } from '../utils/usage-totals';
import { UsageCost } from './usage-cost';
import { VirtualRows } from './virtual-rows';

export interface TotalsTableProps {
  table: Totals;
  caption: string;
  /** Heading of the first column (Source, Model, Session...). */
  keyHeading: string;
  /** The first cell of a line: a name, a link, a button that narrows the view. */
  renderKey: (line: TotalsLine) => ReactNode;
  /** Extra columns after the key (a session's agent...). */
  extra?: { heading: string; cell: (line: TotalsLine) => ReactNode };
}

/** Cache tokens with what they cost beneath, when that cost is known (the savings show against the prompt's). */
function CacheCell({ tokens, costUsd, formatCost }: { tokens: number; costUsd: number | null; formatCost: (amount: number | null) => string }) {
  return (
    <td className="numeric">
      {formatCount(tokens)}
      {tokens > 0 && costUsd !== null && (
        <>
          {' '}
          <span className="usage-cost__note muted">{formatCost(costUsd)}</span>
        </>
      )}
    </td>
  );
}

function Figures({ line, formatCost }: { line: TotalsLine; formatCost: (amount: number | null) => string }) {
  const fromReports = usageReportNote(line.usageReportCalls);
  return (
    <>
      <td className="numeric">{formatCount(line.promptTokens)}</td>
      {/* Part of the prompt: cache reads cost a fraction of fresh input, which is where caching saves. */}
      <CacheCell tokens={line.cacheReadTokens} costUsd={line.cacheReadCostUsd} formatCost={formatCost} />
      <CacheCell tokens={line.cacheWriteTokens} costUsd={line.cacheWriteCostUsd} formatCost={formatCost} />
      <td className="numeric">{formatCount(line.completionTokens)}</td>
      <td className="numeric">{formatCount(line.totalTokens)}</td>
      <td className="numeric">
        {formatCount(line.calls)}
        {fromReports !== null && ' '}
        {fromReports !== null && (
          <span className="usage-cost__reported muted" title="This producer sends usage_report and no token_usage: counted as root">
            {fromReports}
          </span>
        )}
      </td>
      <td className="numeric">
        <UsageCost costUsd={line.costUsd} unpricedTokens={line.unpricedTokens} reportedCostUsd={line.reportedCostUsd} format={formatCost} />
      </td>
      <td className="numeric">{formatPercent(line.share)}</td>
    </>
  );
}

/** Exact totals per key with share, and a totals row: what the chart draws, to the token and the cent. */
export function TotalsTable({ table, caption, keyHeading, renderKey, extra }: TotalsTableProps) {
  // Decimals chosen once for the column (its smallest figure decides), not per cell.
  const formatCost = usdColumnFormatter([...table.lines.map((line) => line.costUsd), table.total.costUsd]);
  return (
    <div className="table-scroll">
      <table className="sessions-table usage-table">
        <caption className="visually-hidden">{caption}</caption>
        <TableHead columns={[keyHeading, extra?.heading, numeric('Prompt'), numeric('Cache read'), numeric('Cache write'), numeric('Completion'), numeric('Total'), numeric('Calls'), numeric('Cost'), numeric('Share')]} />
        {/* Long tables (grouped by session: thousands of lines) draw only the rows in view. */}
        <VirtualRows
          lines={table.lines}
          columns={extra ? 10 : 9}
          renderRow={(line) => (
            <tr key={line.key}>
              <th scope="row">{renderKey(line)}</th>
              {extra && <td>{extra.cell(line)}</td>}
              <Figures line={line} formatCost={formatCost} />
            </tr>
          )}
        />
        <tfoot>
          <tr className="usage-table__total">
            <th scope="row">Total</th>
            {extra && <td className="muted">—</td>}
            <Figures line={table.total} formatCost={formatCost} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
