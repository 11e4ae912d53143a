import { SessionLink } from '../../../components/session-link';
import { TableHead } from '../../../components/table-head';
import { formatCount, formatDateTime } from '../../../lib/format/format';
import type { RlmFallbackRecord, RlmStats } from '../../../protocol/api-schemas';

/**
 * Subcall fallbacks as cost alerts: RLM asked for one model and got another
 * (often a dearer one). Counted per requested → fallback pair, then the most
 * recent ones with their sessions.
 */
export function RlmFallbackAlerts({ fallbacks, recent }: { fallbacks: RlmStats['fallbacks']; recent: readonly RlmFallbackRecord[] }) {
  return (
    <>
      <ul className="alert-list">
        {fallbacks.map((f) => (
          <li key={`${f.requested_model}\u0000${f.fallback_model}`} className="alert-list__item" data-alert="fallback">
            <span aria-hidden="true">⚠</span>{' '}
            <strong>
              {f.requested_model} → {f.fallback_model}
            </strong>
            <span>
              {formatCount(f.count)} {f.count === 1 ? 'fallback' : 'fallbacks'} in {formatCount(f.sessions)} {f.sessions === 1 ? 'session' : 'sessions'}
            </span>
            <span className="muted">last {formatDateTime(f.last_ts_ms)}</span>
          </li>
        ))}
      </ul>
      {recent.length > 0 && (
        <details className="analytics-details">
          <summary>Recent fallbacks ({formatCount(recent.length)})</summary>
          <table className="analytics-table">
            <caption className="visually-hidden">Recent subcall fallbacks</caption>
            <TableHead columns={['Time', 'Session', 'Requested → fallback', 'Reason']} />
            <tbody>
              {recent.map((r) => (
                <tr key={r.cursor}>
                  <td className="nowrap">{formatDateTime(r.ts_ms)}</td>
                  <td>
                    <SessionLink sessionId={r.session_id} />
                  </td>
                  <td>
                    {r.requested_model} → {r.fallback_model}
                  </td>
                  <td className="analytics-table__wrap">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </>
  );
}
