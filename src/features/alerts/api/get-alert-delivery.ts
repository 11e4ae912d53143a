import { useQuery } from '@tanstack/react-query';
import type { AlertDeliveryHealth } from '../../../protocol/health-schemas';
import { serverHealthQueryOptions } from '../../../lib/api/server-health';

/** Webhook delivery state; null when the server reports none. */
export function useAlertDelivery() {
  return useQuery({ ...serverHealthQueryOptions(), select: (health): AlertDeliveryHealth | null => health.alerts ?? null });
}
