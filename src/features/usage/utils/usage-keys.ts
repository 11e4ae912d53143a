import type { UsageGroupKey } from '../../../protocol/usage-grouping';
import type { UsageRow } from '../../../protocol/cost-schemas';
import type { UsageMetric } from '../../../protocol/usage-metric';

/** What a row of sessions without a known agent is called (the API says null). */
export const NO_AGENT = '(no agent)';
/** What a row of calls whose producer gave no label is called (the API says null). */
export const NO_LABEL = '(no label)';

/** The row's key along one grouping dimension; '' when the row was not grouped by it. */
export function rowKey(row: UsageRow, group: UsageGroupKey): string {
  switch (group) {
    case 'source':
      return row.source ?? '';
    case 'model':
      return row.model ?? '';
    case 'session':
      return row.session_id ?? '';
    case 'agent':
      return row.agent === undefined ? '' : (row.agent ?? NO_AGENT);
    case 'label':
      return row.label === undefined ? '' : (row.label ?? NO_LABEL);
  }
}

export const metricLabels: Record<UsageMetric, string> = {
  total: 'Total tokens',
  prompt: 'Prompt tokens',
  completion: 'Completion tokens',
  cost: 'Cost',
};
