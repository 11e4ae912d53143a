import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { SessionList } from '../../../protocol/api-schemas';
import { usageKeys } from '../api/usage-query-keys';
import { throttle } from '../../../lib/timing/throttle';

/** However fast tokens arrive, the usage figures are read again at most this often. */
export const LIVE_REFRESH_INTERVAL_MS = 2_500;

/** Every token the listed sessions have used: it moves exactly when new usage is stored. */
export function tokenTotalOf(list: SessionList | undefined): number {
  let total = 0;
  for (const s of list?.sessions ?? []) total += s.prompt_tokens + s.completion_tokens + s.cache_read_tokens + s.cache_write_tokens;
  return total;
}

/**
 * Keeps a live range current. The session summaries the live socket pushes
 * land in the cached session list (src/lib/sessions/session-cache.ts); when their token
 * total moves, usage was stored, so the usage queries are invalidated, at most
 * once per LIVE_REFRESH_INTERVAL_MS. Queries of a past range are left alone.
 */
export function useLiveUsageRefresh(sessions: SessionList | undefined, live: boolean): void {
  const client = useQueryClient();
  const [throttled] = useState(() =>
    throttle(() => void client.invalidateQueries({ queryKey: usageKeys.lists() }, { cancelRefetch: false }), LIVE_REFRESH_INTERVAL_MS),
  );
  // Null until the list has arrived: its absence is not a total of 0, and reading it as one
  // re-read every usage query as soon as the list came (twice the page's first work).
  const tokenTotal = sessions === undefined ? null : tokenTotalOf(sessions);
  const seen = useRef<number | null>(null);

  useEffect(() => {
    if (tokenTotal === null) return;
    // The first figure is what the usage queries were read against: nothing to refresh yet.
    if (seen.current !== null && tokenTotal !== seen.current && live) throttled.call();
    seen.current = tokenTotal;
  }, [tokenTotal, live, throttled]);

  useEffect(() => () => throttled.cancel(), [throttled]);
}
