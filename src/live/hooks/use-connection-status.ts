import { useLiveStore } from '../store/live-store';
import type { ConnectionSlice } from '../store/connection-slice';

/** Since when live figures stopped updating (null: they are current); see ConnectionSlice. */
export function useFrozenSinceMs(): number | null {
  return useLiveStore((state) => state.connection.frozenSinceMs);
}

/** How many times the socket started fresh and caught up (see ConnectionSlice.freshStarts). */
export function useFreshLiveStarts(): number {
  return useLiveStore((state) => state.connection.freshStarts);
}

/** The whole connection slice (counters included); it changes rarely, so one selector is fine. */
export function useConnectionDetails(): ConnectionSlice['connection'] {
  return useLiveStore((state) => state.connection);
}
