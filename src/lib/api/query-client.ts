import { QueryClient } from '@tanstack/react-query';
import { isRetryable } from './api-error';

const MAX_RETRIES = 2;

/**
 * Defaults chosen for a dashboard whose server data is also pushed live:
 * - staleTime 30 s: the live socket keeps lists and details fresh through
 *   setQueryData, so a refetch on every mount or focus would only repeat it;
 *   30 s is the safety net for anything the socket missed.
 * - retry only what can change (network, 5xx, 408, 429), twice, backing off;
 *   a 404 or a contract mismatch is shown at once instead of after ~7 s.
 * - no retry for mutations: replaying a write is the caller's decision.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        retry: (failureCount, error) => failureCount < MAX_RETRIES && isRetryable(error),
        retryDelay: (attempt) => Math.min(1_000 * 2 ** attempt, 8_000),
        refetchOnWindowFocus: true,
        refetchOnReconnect: true,
      },
      mutations: { retry: false },
    },
  });
}

/**
 * The app's one client. Module-level so the live socket handler (outside React)
 * can merge pushed summaries into the same cache the pages read.
 */
export const queryClient = createQueryClient();
