import { useQuery } from '@tanstack/react-query';
import type { CodetetherServeHealth } from '../../../protocol/health-schemas';
import { serverHealthQueryOptions } from '../../../lib/api/server-health';

/** The follower's state, null when the server follows no codetether serve. */
export function useCodetetherServeHealth() {
  return useQuery({ ...serverHealthQueryOptions(), select: (health): CodetetherServeHealth | null => health.codetether_serve ?? null });
}
