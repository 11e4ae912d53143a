import type { ConnectionStatus } from '../live-types';
import { useLiveStore } from '../store/live-store';
import type { ConnectionSlice } from '../store/connection-slice';

export function useConnectionStatus(): ConnectionStatus {
  return useLiveStore((state) => state.connection.status);
}

/** The whole connection slice (counters included); it changes rarely, so one selector is fine. */
export function useConnectionDetails(): ConnectionSlice['connection'] {
  return useLiveStore((state) => state.connection);
}
