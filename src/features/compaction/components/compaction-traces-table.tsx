import { SessionLink } from '../../../components/session-link';
import { numeric, TableHead } from '../../../components/table-head';
import { formatCount, formatDateTime, formatPercent, formatTokens } from '../../../lib/format/format';
import type { CompactionTrace } from '../utils/group-compaction-traces';

const dash = <span className="muted">—</span>;
const tokens = (n: number | null) => (n === null ? '?' : formatTokens(n));

function Outcome({ trace }: { trace: CompactionTrace }) {
  const { truncation, failure } = trace;
  return (
    <div className="compaction-outcome">
      {trace.outcome === 'completed' && <span className="outcome-badge" data-success="true"><span aria-hidden="true">✓</span> completed</span>}
      {trace.outcome === 'running' && <span className="muted">started, not finished</span>}
      {truncation && (
        <p className="compaction-outcome__lost" data-outcome="context-lost">
          <strong>
            <span aria-hidden="true">⚠</span> context lost
          </strong>
          : dropped {formatTokens(truncation.droppedTokens)} tokens
          {truncation.keptMessages !== null && `, kept ${formatCount(truncation.keptMessages)} messages`}
          {truncation.archiveRef ? (
            <>
              {' '}
              · archived at <code>{truncation.archiveRef}</code>
            </>
          ) : (
            ' · not archived'
          )}
        </p>
      )}
      {failure && (
        <p className="compaction-outcome__failed" data-outcome="failed">
          <strong>
            <span aria-hidden="true">✕</span> failed
          </strong>
          {failure.reason && `: ${failure.reason}`} · {failure.fellBackTo ? `fell back to ${failure.fellBackTo}` : 'no fallback'}
          {failure.afterTokens !== null && failure.budget !== null && ` (${formatTokens(failure.afterTokens)} vs budget ${formatTokens(failure.budget)})`}
        </p>
      )}
    </div>
  );
}

/** One row per compaction trace, newest first. */
export function CompactionTracesTable({ traces }: { traces: readonly CompactionTrace[] }) {
  return (
    <div className="table-scroll">
      <table className="analytics-table">
        <caption className="visually-hidden">Compactions, one row per trace, newest first</caption>
        <TableHead columns={['Time', 'Session', 'Reason', numeric('Before → after'), numeric('Budget'), 'Strategy', numeric('Reduction'), numeric('Kept'), 'Outcome']} />
        <tbody>
          {traces.map((t) => (
            <tr key={`${t.sessionId}/${t.traceId}`} data-trace={t.traceId} data-outcome={t.outcome}>
              <td className="nowrap" title={`trace ${t.traceId}`}>
                {formatDateTime(t.startedMs)}
              </td>
              <td>
                <SessionLink sessionId={t.sessionId} />
              </td>
              <td className="analytics-table__wrap">{t.reason ?? dash}</td>
              <td className="numeric nowrap">
                {t.beforeTokens === null && t.afterTokens === null ? dash : `${tokens(t.beforeTokens)} → ${tokens(t.afterTokens)}`}
              </td>
              <td className="numeric">{t.budget === null ? dash : formatTokens(t.budget)}</td>
              <td>{t.strategy ?? dash}</td>
              <td className="numeric">{t.reduction === null ? dash : `−${formatPercent(t.reduction)}`}</td>
              <td className="numeric">{t.keptMessages === null ? dash : formatCount(t.keptMessages)}</td>
              <td>
                <Outcome trace={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
