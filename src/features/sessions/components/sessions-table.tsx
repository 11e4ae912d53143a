import { elementScroll, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useImperativeHandle, useState, type ReactNode, type Ref, type RefObject } from 'react';
import { budgetFor, type Budgets } from '../../../lib/cost/budgets-api';
import { withoutMountWrite } from '../../../lib/virtual/without-mount-write';
import type { LiveStatusFacts } from '../../../lib/sessions/session-status';
import type { StatusThresholds } from '../../../lib/sessions/status-thresholds';
import type { SessionSummary } from '../../../protocol/api-schemas';
import type { OverviewParams, OverviewSortKey } from '../utils/overview-params';
import { SessionRow } from './session-row';

interface Column {
  key: string;
  label: string;
  /** Null: not sortable (the server cannot sort by context fill). */
  sort: OverviewSortKey | null;
  numeric?: boolean;
}

const columns: readonly Column[] = [
  { key: 'title', label: 'Session', sort: 'title' },
  { key: 'agent', label: 'Agent', sort: 'agent' },
  { key: 'model', label: 'Model', sort: 'model' },
  { key: 'status', label: 'Status', sort: 'status' },
  { key: 'context', label: 'Context', sort: null },
  { key: 'tokens', label: 'Tokens', sort: 'tokens', numeric: true },
  { key: 'cost', label: 'Cost', sort: 'cost', numeric: true },
  { key: 'age', label: 'Age', sort: 'age', numeric: true },
  { key: 'last', label: 'Last activity', sort: 'last', numeric: true },
];

/** A row's height before it is measured; rows with a second line (unpriced tokens, a budget flag) measure taller. */
const ESTIMATED_ROW_PX = 52;
/** Rows drawn beyond the visible ones, so a fast scroll does not show blank space. */
const OVERSCAN_ROWS = 8;
/** The next page is asked for when the last drawn row is this close to the end of what is loaded. */
const LOAD_AHEAD_ROWS = 25;

export interface SortControl {
  params: OverviewParams;
  onSort: (sort: OverviewSortKey) => void;
}

/**
 * The table frame, shared by the real rows and the loading placeholder so the
 * layout does not jump. Fixed layout with set column widths (sessions.css):
 * a live update never makes the columns dance.
 */
export function SessionsTableFrame({
  children,
  caption,
  busy = false,
  sorting,
  scrollRef,
  onHoldChange,
}: {
  children: ReactNode;
  caption: string;
  busy?: boolean;
  sorting?: SortControl;
  scrollRef?: RefObject<HTMLDivElement | null>;
  /** Pointer over, or focus inside, the table: the operator is reading (calm-order.ts). */
  onHoldChange?: (source: 'pointer' | 'focus', holding: boolean) => void;
}) {
  return (
    <div
      className="table-scroll sessions-scroll"
      ref={scrollRef}
      onPointerEnter={(event) => event.pointerType === 'mouse' && onHoldChange?.('pointer', true)}
      onPointerLeave={(event) => event.pointerType === 'mouse' && onHoldChange?.('pointer', false)}
      onFocus={() => onHoldChange?.('focus', true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onHoldChange?.('focus', false);
      }}
    >
      <table className="sessions-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} data-column={column.key} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sorting && column.sort !== null && sorting.params.sort === column.sort;
              const ariaSort = active ? (sorting.params.order === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th key={column.key} scope="col" data-column={column.key} className={column.numeric ? 'numeric' : undefined} aria-sort={ariaSort}>
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

/** What the page can ask of the table: bring a row into view (keyboard selection). */
export interface SessionsTableHandle {
  reveal: (index: number) => void;
}

export interface SessionsTableProps {
  ids: readonly string[];
  summaryOf: (id: string) => SessionSummary | undefined;
  liveFacts: ReadonlyMap<string, LiveStatusFacts>;
  shortIds: ReadonlyMap<string, string>;
  caption: string;
  sorting: SortControl;
  selectedId: string | null;
  nowSecs: number;
  frozenSinceMs: number | null;
  thresholds: StatusThresholds;
  budgets: Budgets | undefined;
  scrollRef: RefObject<HTMLDivElement | null>;
  onHoldChange: (source: 'pointer' | 'focus', holding: boolean) => void;
  /** Called when the rows drawn near the end of what is loaded (the page fetches the next one, if any). */
  onNearEnd: () => void;
  handle: Ref<SessionsTableHandle>;
}

/**
 * Only the rows in view (and a few beyond) are in the DOM: 500 sessions cost
 * what 30 do. Spacer rows above and below keep the scroll height true.
 */
export function SessionsTable(props: SessionsTableProps) {
  const { ids, summaryOf, liveFacts, shortIds, caption, sorting, selectedId, nowSecs, frozenSinceMs, thresholds, budgets, scrollRef, onHoldChange, onNearEnd, handle } =
    props;
  const [scrollToFn] = useState(() => withoutMountWrite<HTMLDivElement>(elementScroll));
  // oxlint-disable-next-line react/incompatible-library -- the virtualiser's object is not memoised by the compiler: fine, nothing here is compiled
  const virtualizer = useVirtualizer({
    count: ids.length,
    scrollToFn,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: OVERSCAN_ROWS,
    getItemKey: (index) => ids[index] ?? index,
  });
  useImperativeHandle(handle, () => ({ reveal: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }) }), [virtualizer]);
  const items = virtualizer.getVirtualItems();
  const lastDrawn = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastDrawn >= ids.length - LOAD_AHEAD_ROWS) onNearEnd();
  }, [lastDrawn, ids.length, onNearEnd]);

  const before = items[0]?.start ?? 0;
  const after = items.length > 0 ? virtualizer.getTotalSize() - items.at(-1)!.end : 0;
  return (
    <SessionsTableFrame caption={caption} sorting={sorting} scrollRef={scrollRef} onHoldChange={onHoldChange}>
      {before > 0 && (
        <SpacerRow height={before} />
      )}
      {items.map((item) => {
        const id = ids[item.index]!;
        const summary = summaryOf(id);
        if (!summary) return null;
        return (
          <SessionRow
            key={id}
            index={item.index}
            measure={virtualizer.measureElement}
            summary={summary}
            live={liveFacts.get(id)}
            short={shortIds.get(id) ?? id}
            selected={id === selectedId}
            nowSecs={nowSecs}
            frozenSinceMs={frozenSinceMs}
            thresholds={thresholds}
            budget={budgetFor(budgets, id)}
          />
        );
      })}
      {after > 0 && (
        <SpacerRow height={after} />
      )}
    </SessionsTableFrame>
  );
}

/** The height of the rows not drawn, above or below the drawn ones, so the scroll bar stays true. */
function SpacerRow({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="spacer-row">
      {/* oxlint-disable-next-line jsx-a11y/control-has-associated-label -- empty filler, hidden from assistive technology */}
      <td colSpan={columns.length} style={{ height }} />
    </tr>
  );
}

/** Grey rows where sessions will be, while the first page loads. */
export function SessionsTableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <SessionsTableFrame caption="Sessions (loading)" busy>
      {Array.from({ length: rows }, (_, row) => (
        <tr key={row} className="skeleton-row" aria-hidden="true">
          {columns.map((column) => (
            <td key={column.key} data-column={column.key} aria-hidden="true">
              <span className="skeleton" />
            </td>
          ))}
        </tr>
      ))}
    </SessionsTableFrame>
  );
}
