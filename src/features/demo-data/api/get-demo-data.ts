import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api/api-client';
import { demoDataStatusSchema, type DemoDataStatus } from '../../../protocol/demo-data-schemas';

export const demoDataKeys = {
  all: ['demo-data'] as const,
  status: () => [...demoDataKeys.all, 'status'] as const,
};

/** `GET /api/v1/demo-data`. */
export function getDemoData(signal?: AbortSignal): Promise<DemoDataStatus> {
  return apiGet('/demo-data', demoDataStatusSchema, { signal });
}

/** Re-asked now and then: the demo starts its sessions after the page loads, and a real agent may join any time. */
const DEMO_STATUS_REFRESH_MS = 10_000;

export function demoDataQueryOptions() {
  return queryOptions({ queryKey: demoDataKeys.status(), queryFn: ({ signal }) => getDemoData(signal), refetchInterval: DEMO_STATUS_REFRESH_MS });
}

export function useDemoData() {
  return useQuery(demoDataQueryOptions());
}
