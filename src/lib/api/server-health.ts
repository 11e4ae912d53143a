import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { alertDeliveryHealthSchema, codetetherServeHealthSchema, storeStateSchema } from '../../protocol/health-schemas';
import { apiGet } from './api-client';

// One fetch of `/api/v1/health` for every indicator in the header: the store's state,
// the codetether serve follower, webhook delivery. Each feature reads its part with a
// `select`, so one request every few seconds serves them all.

/** The parts of health the SPA shows; loose and optional, so a server without a part (or a reply without figures) still parses. */
const serverHealthSchema = z.looseObject({
  store_state: storeStateSchema.optional(),
  codetether_serve: codetetherServeHealthSchema.optional(),
  alerts: alertDeliveryHealthSchema.optional(),
  /** The server's TETHER_ABANDONED_AFTER_MIN, in ms (src/lib/sessions/status-thresholds.ts). */
  abandoned_after_ms: z.number().positive().optional(),
});
export type ServerHealth = z.infer<typeof serverHealthSchema>;

/** The server checks its database file every 2 s; the header asks every 5 s. */
const POLL_MS = 5_000;

export function serverHealthQueryOptions() {
  return queryOptions({
    queryKey: ['health'] as const,
    queryFn: ({ signal }) => apiGet('/health', serverHealthSchema, { signal }),
    refetchInterval: POLL_MS,
    staleTime: POLL_MS,
  });
}
