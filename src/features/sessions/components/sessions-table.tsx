import type { ReactNode } from 'react';
import { budgetFor, type Budgets } from '../../../lib/budgets';
import type { SessionCostsById } from '../../../lib/session-costs';
import type { OverviewParams, OverviewSortKey } from '../utils/overview-params';
import type { OverviewRow } from '../utils/overview-rows';
import { SessionRow } from './session-row';

interface Column {
  label: string;
  /** Null: not sortable (cost is polled apart from the summaries the sort runs on). */
  sort: OverviewSortKey | null;
  numeric?: boolean;
}

const columns: readonly Column[] = [
  { label: 'Session', sort: 'title' },
  { label: 'Agent', sort: 'agent' },
  { label: 'Model', sort: 'model' },
  { label: 'Status', sort: 'status' },
  { label: 'Context', sort: 'context' },
  { label: 'Tokens', sort: 'tokens', numeric: true },
  { label: 'Cost', sort: null, numeric: true },
  { label: 'Age', sort: 'age', numeric: true },
  { label: 'Last activity', sort: 'last', numeric: true },
];

export interface SortControl {
  params: OverviewParams;
  onSort: (sort: OverviewSortKey) => void;
}

/** The table frame, shared by the real rows and the loading placeholder so the layout does not jump. */
export function SessionsTableFrame({ children, caption, busy = false, sorting }: { children: ReactNode; caption: string; busy?: boolean; sorting?: SortControl }) {
  return (
    <div className="table-scroll">
      <table className="sessions-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sorting && column.sort !== null && sorting.params.sort === column.sort;
              const ariaSort = active ? (sorting.params.order === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th key={column.label} scope="col" className={column.numeric ? 'numeric' : undefined} aria-sort={ariaSort}>
                  {sorting && column.sort !== null ? (
                    <button type="button" className="sort-button" onClick={() => sorting.onSort(column.sort!)}>
                      {column.label}
                      <span aria-hidden="true" className="sort-button__mark">
                        {active ? (sorting.params.order === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export interface SessionsTableProps {
  rows: readonly OverviewRow[];
  caption: string;
  sorting: SortControl;
  selectedId: string | null;
  nowMs: number;
  /** Costs by session id; undefined while loading (or failed: the cells say "—"). */
  costs: SessionCostsById | undefined;
  budgets: Budgets | undefined;
}

export function SessionsTable({ rows, caption, sorting, selectedId, nowMs, costs, budgets }: SessionsTableProps) {
  return (
    <SessionsTableFrame caption={caption} sorting={sorting}>
      {rows.map((row) => (
        <SessionRow
          key={row.summary.session_id}
          row={row}
          selected={row.summary.session_id === selectedId}
          ageSecs={Math.max(0, Math.floor((nowMs - row.summary.first_seen_ms) / 1000))}
          cost={costs?.get(row.summary.session_id)}
          budget={budgetFor(budgets, row.summary.session_id)}
        />
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
            <td key={column.label} aria-hidden="true">
              <span className="skeleton" />
            </td>
          ))}
        </tr>
      ))}
    </SessionsTableFrame>
  );
}
