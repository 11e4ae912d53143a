import type { UsageParams } from '../utils/usage-params';

/**
 * Whether the built-in demo's sessions count in this view. Off by default: the
 * server leaves them out of every total so fake sessions never mix into real costs.
 */
export function DemoToggle({ params, onChange }: { params: UsageParams; onChange: (next: UsageParams) => void }) {
  return (
    <label className="usage-demo-toggle" title="Sessions the built-in demo generated are left out of these totals unless included">
      <input type="checkbox" checked={params.includeDemo} onChange={(e) => onChange({ ...params, includeDemo: e.target.checked })} /> Include demo data
    </label>
  );
}
