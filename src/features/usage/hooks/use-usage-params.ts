import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { parseUsageParams, usageParamsToSearch, type UsageParams } from '../utils/usage-params';

/** The Cost page's view state, read from and written to the URL. */
export function useUsageParams(): [UsageParams, (next: UsageParams) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const params = useMemo(() => parseUsageParams(new URLSearchParams(search)), [search]);
  // Each change is a history entry: Back undoes a narrowing click.
  const apply = useCallback((next: UsageParams) => setSearchParams(usageParamsToSearch(next)), [setSearchParams]);
  return [params, apply];
}
