import { useLiveStore } from '../store/live-store';
import type { ConnectionSlice } from '../store/connection-slice';

/** Since when live figures stopped updating (null: they are current); see ConnectionSlice. */
export function useFrozenSinceMs(): number | null {
  return useLiveStore((state) => state.connection.frozenSinceMs);
}

/** The session's stored history must read on once: it was read before the socket's last fresh start (see ConnectionSlice.historiesToReadOn). */
export function useHistoryReadOnDue(sessionId: string): boolean {
  return useLiveStore((state) => state.connection.historiesToReadOn.has(sessionId));
}

/** The whole connection slice (counters included); it changes rarely, so one selector is fine. */
export function useConnectionDetails(): ConnectionSlice['connection'] {
  return useLiveStore((state) => state.connection);
}
