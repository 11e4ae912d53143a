import type { ReactNode } from 'react';
import type { SessionSummary } from '../../../protocol/api-schemas';
import { SessionRow } from './session-row';

const columns = ['Session', 'Agent', 'Model', 'Status', 'Context', 'Tokens', 'Events', 'Last activity'] as const;
const numericColumns = new Set<string>(['Tokens', 'Events', 'Last activity']);

/** The table frame, shared by the real rows and the loading placeholder so the layout does not jump. */
export function SessionsTableFrame({ children, caption, busy = false }: { children: ReactNode; caption: string; busy?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="sessions-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={numericColumns.has(column) ? 'numeric' : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function SessionsTable({ sessions, caption }: { sessions: readonly SessionSummary[]; caption: string }) {
  return (
    <SessionsTableFrame caption={caption}>
      {sessions.map((session) => (
        <SessionRow key={session.session_id} session={session} />
      ))}
    </SessionsTableFrame>
  );
}

/** Grey rows where sessions will be, while the first page loads. */
export function SessionsTableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <SessionsTableFrame caption="Sessions (loading)" busy>
      {Array.from({ length: rows }, (_, row) => (
        <tr key={row} className="skeleton-row" aria-hidden="true">
          {columns.map((column) => (
            <td key={column} aria-hidden="true">
              <span className="skeleton" />
            </td>
          ))}
        </tr>
      ))}
    </SessionsTableFrame>
  );
}
