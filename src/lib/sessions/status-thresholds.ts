import { useQuery } from '@tanstack/react-query';
import { DEFAULT_ABANDONED_AFTER_MS } from '../../protocol/session-silence';
import { stalledAfterMs } from './operator-config';
import { serverHealthQueryOptions } from '../api/server-health';

// The silences status derivation measures against: "stalled" is this browser's
// own tunable (operator-config.ts); "abandoned" is the server's
// TETHER_ABANDONED_AFTER_MIN, read from `/api/v1/health` so the status and the
// `abandoned` alert agree. Until health answers, the shared default stands in.

export interface StatusThresholds {
  stalledAfterMs: number;
  abandonedAfterMs: number;
}

export function useStatusThresholds(): StatusThresholds {
  const { data: abandonedAfterMs } = useQuery({ ...serverHealthQueryOptions(), select: (health) => health.abandoned_after_ms ?? null });
  return { stalledAfterMs, abandonedAfterMs: abandonedAfterMs ?? DEFAULT_ABANDONED_AFTER_MS };
}
