import { SessionLink } from '../../../components/session-link';
import { numeric, TableHead } from '../../../components/table-head';
import { formatCount, formatDateTime, formatDuration, formatTokens } from '../../../lib/format/format';
import type { RlmCompletionRecord } from '../../../protocol/api-schemas';
import { compressionRatio, isRlmSuccess } from '../../../protocol/derived';
import type { RlmOutcome } from '../../../protocol/event-schemas';

/** "0.12×": output per input token, the protocol's compression ratio. */
function formatRatio(ratio: number): string {
  return `${ratio < 0.01 && ratio > 0 ? ratio.toFixed(3) : ratio.toFixed(2)}×`;
}

function OutcomeBadge({ outcome }: { outcome: string }) {
  // Records carry the outcome as a string (a newer agent may send one we do not know): only `converged` is success.
  const success = isRlmSuccess(outcome as RlmOutcome);
  return (
    <span className="outcome-badge" data-outcome={outcome} data-success={success || undefined}>
      <span aria-hidden="true">{success ? '✓' : outcome === 'exhausted' ? '…' : '✕'}</span> {outcome}
    </span>
  );
}

/** RLM completions, newest first (the order the pages come in: older ones follow with "Load more"). */
export function RlmCompletionsTable({ records }: { records: readonly RlmCompletionRecord[] }) {
  return (
    <div className="table-scroll">
      <table className="analytics-table">
        <caption className="visually-hidden">RLM completions, newest first</caption>
        <TableHead columns={['Time', 'Session', 'Outcome', numeric('Iterations'), numeric('Subcalls'), numeric('Input → output'), numeric('Ratio'), numeric('Elapsed'), 'Root model', 'Subcall model']} />
        <tbody>
          {records.map((r) => (
            <tr key={r.cursor} data-trace={r.trace_id}>
              <td className="nowrap">{formatDateTime(r.ts_ms)}</td>
              <td>
                <SessionLink sessionId={r.session_id} />
              </td>
              <td title={r.reason ?? undefined}>
                <OutcomeBadge outcome={r.outcome} />
              </td>
              <td className="numeric">{formatCount(r.iterations)}</td>
              <td className="numeric">{formatCount(r.subcalls)}</td>
              <td className="numeric nowrap">
                {formatTokens(r.input_tokens)} → {formatTokens(r.output_tokens)}
              </td>
              <td className="numeric">{formatRatio(compressionRatio(r))}</td>
              <td className="numeric nowrap">{formatDuration(r.elapsed_ms)}</td>
              <td>{r.root_model}</td>
              <td>{r.subcall_model_used ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
