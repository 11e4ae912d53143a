import { formatCount, formatTokens } from '../lib/format/format';

/** Prompt and completion tokens side by side ("1.2k in / 340 out"), exact figures in the tooltip. */
export function TokenCounts({ prompt, completion }: { prompt: number; completion: number }) {
  return (
    <span className="token-counts" title={`${formatCount(prompt)} prompt / ${formatCount(completion)} completion tokens`}>
      {formatTokens(prompt)} <span className="muted">in</span> / {formatTokens(completion)} <span className="muted">out</span>
    </span>
  );
}
