import { formatDateTime, formatRelativeTime } from '../lib/format/format';
import { useNow } from '../lib/time/use-now';

/** "12 s ago", kept current by the shared one-second clock; the exact time is in the tooltip and `dateTime`. */
export function RelativeTime({ ms }: { ms: number }) {
  const now = useNow(1_000);
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatDateTime(ms)}>
      {formatRelativeTime(ms, now)}
    </time>
  );
}
