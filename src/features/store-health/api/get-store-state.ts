import { useQuery } from '@tanstack/react-query';
import type { StoreState } from '../../../protocol/health-schemas';
import { serverHealthQueryOptions } from '../../../lib/api/server-health';

/** Whether the server's store takes events; null until known (or when health shows no figures). */
export function useStoreState() {
  return useQuery({ ...serverHealthQueryOptions(), select: (health): StoreState | null => health.store_state ?? null });
}
