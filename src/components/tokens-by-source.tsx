import { formatCount, formatTokens } from '../lib/format/format';
import type { SourceTotals } from '../protocol/api-schemas';
import { tokenSources, type TokenSource } from '../protocol/token-source';

const sourceLabels: Record<TokenSource, string> = { root: 'root', rlm_iteration: 'rlm', rlm_subcall: 'sub', tool_embedded: 'tool' };

/** Total tokens so far plus the split by source ("1.5k · root 1.2k · rlm 300"); exact figures in the tooltip. */
export function TokensBySource({ bySource }: { bySource: Partial<Record<TokenSource, SourceTotals>> }) {
  const parts = tokenSources.flatMap((source) => {
    const totals = bySource[source];
    return totals ? [{ source, tokens: totals.prompt_tokens + totals.completion_tokens, totals }] : [];
  });
  if (parts.length === 0) return <span className="muted">—</span>;
  const total = parts.reduce((sum, part) => sum + part.tokens, 0);
  const title = parts
    .map((p) => `${p.source}: ${formatCount(p.totals.prompt_tokens)} in / ${formatCount(p.totals.completion_tokens)} out (${p.totals.calls} calls)`)
    .join('\n');
  return (
    <span className="tokens-by-source" title={title}>
      <strong>{formatTokens(total)}</strong>
      {parts.map((p) => (
        <span key={p.source} className="tokens-by-source__part" data-source={p.source}>
          {sourceLabels[p.source]} {formatTokens(p.tokens)}
        </span>
      ))}
    </span>
  );
}
