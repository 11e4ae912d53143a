import { ExportLinks } from '../../../components/export-links';
import type { UsageView } from '../hooks/use-usage-view';
import type { UsageParams } from '../utils/usage-params';
import { tokenUsageExportParams, usageExportParams } from '../utils/usage-requests';
import { groupLabels } from './view-controls';

/** Downloads of the view on screen: the aggregate rows of the table, and the raw token-usage records under the same filters. */
export function UsageExports({ view, params }: { view: UsageView; params: UsageParams }) {
  return (
    <div className="usage-exports" role="group" aria-label="Downloads">
      <span className="usage-exports__title">Export</span>
      <span className="usage-exports__item">
        <span className="muted">Totals by {groupLabels[params.group].toLowerCase()}</span>
        <ExportLinks view="usage" filters={usageExportParams(view.range, params.group, params.filters, params.includeDemo)} label={`usage totals by ${params.group}`} />
      </span>
      <span className="usage-exports__item">
        <span className="muted">Raw records</span>
        <ExportLinks view="token-usage" filters={tokenUsageExportParams(view.range, params.filters, params.includeDemo)} label="token usage records" />
      </span>
    </div>
  );
}
