import { useId } from 'react';
import { usageGroupKeys, type UsageGroupKey } from '../../../protocol/usage-grouping';
import { metricLabels } from '../utils/usage-keys';
import { usageMetrics, type UsageMetric } from '../../../protocol/usage-metric';
import { stackKeys, type StackKey, type UsageParams } from '../utils/usage-params';

export const groupLabels: Record<UsageGroupKey, string> = { source: 'Source', model: 'Model', session: 'Session', agent: 'Agent', label: 'Label' };

/** What the chart and table measure and how they split it: three native selects, keyboard-ready as they come. */
export function ViewControls({ params, onChange }: { params: UsageParams; onChange: (next: UsageParams) => void }) {
  const id = useId();
  return (
    <div className="usage-view-controls">
      <div className="field">
        <label htmlFor={`${id}-metric`}>Measure</label>
        <select id={`${id}-metric`} value={params.metric} onChange={(e) => onChange({ ...params, metric: e.target.value as UsageMetric })}>
          {usageMetrics.map((metric) => (
            <option key={metric} value={metric}>
              {metricLabels[metric]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-stack`}>Stack by</label>
        <select id={`${id}-stack`} value={params.stack} onChange={(e) => onChange({ ...params, stack: e.target.value as StackKey })}>
          {stackKeys.map((key) => (
            <option key={key} value={key}>
              {groupLabels[key]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-group`}>Group by</label>
        <select id={`${id}-group`} value={params.group} onChange={(e) => onChange({ ...params, group: e.target.value as UsageGroupKey })}>
          {usageGroupKeys.map((key) => (
            <option key={key} value={key}>
              {groupLabels[key]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
