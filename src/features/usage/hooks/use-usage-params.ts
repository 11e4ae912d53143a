import { useUrlViewState } from '../../../lib/url-state/url-view-state';
import { parseUsageParams, usageParamsToSearch, type UsageParams } from '../utils/usage-params';

/** The Cost page's view state, read from and written to the URL: Back undoes a narrowing click. */
export function useUsageParams(): [UsageParams, (next: UsageParams) => void] {
  return useUrlViewState(parseUsageParams, usageParamsToSearch);
}
