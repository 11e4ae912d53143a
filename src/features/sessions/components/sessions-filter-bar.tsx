import { useId, type RefObject } from 'react';
import { formatCount } from '../../../lib/format/format';
import { useDraftText } from '../../../lib/timing/use-draft-text';
import { isActiveStatus, operatorStatusKinds, operatorStatusLabels, type OperatorStatusKind } from '../../../lib/sessions/session-status';
import { MAX_QUERY_LENGTH, type OverviewParams } from '../utils/overview-params';

/** Every status but done, error and abandoned: what "active" means in the count and its filter. */
const activeKinds = operatorStatusKinds.filter(isActiveStatus);

export interface SessionsFilterBarProps {
  params: OverviewParams;
  /** Over the whole fleet matching the text (the server's count); undefined while the first page loads. */
  countsByStatus: Partial<Record<OperatorStatusKind, number>> | undefined;
  onChange: (next: OverviewParams) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** Sessions neither ended nor abandoned, among `counts`. */
export function activeCountOf(counts: Partial<Record<OperatorStatusKind, number>>): number {
  return activeKinds.reduce((sum, kind) => sum + (counts[kind] ?? 0), 0);
}

/**
 * Text search (filters as you type) and one toggle per derived status with its
 * count. The page keeps the values in the URL; this component only proposes
 * changes. What is typed stays in the field at once; the URL (and the server
 * query) follow once typing pauses, so no keystroke is lost to a re-render.
 */
export function SessionsFilterBar({ params, countsByStatus, onChange, searchRef }: SessionsFilterBarProps) {
  const searchId = useId();
  const search = useDraftText(params.q, (q) => onChange({ ...params, q }));
  const count = (n: number | undefined) => (countsByStatus === undefined ? '…' : formatCount(n ?? 0));
  const onlyActive = params.status.length === activeKinds.length && activeKinds.every((kind) => params.status.includes(kind));
  const toggle = (kind: OperatorStatusKind) => {
    const status = params.status.includes(kind) ? params.status.filter((k) => k !== kind) : [...params.status, kind];
    onChange({ ...params, status });
  };
  return (
    <div className="filter-bar">
      <search className="field field--search">
        <label htmlFor={searchId}>
          Search <kbd>/</kbd>
        </label>
        <input
          ref={searchRef}
          id={searchId}
          type="search"
          value={search.draft}
          maxLength={MAX_QUERY_LENGTH}
          placeholder="Title or id"
          onChange={(event) => search.setDraft(event.target.value)}
          onKeyDown={(event) => event.key === 'Enter' && search.flush()}
        />
      </search>
      <fieldset className="status-filter">
        <legend>Status</legend>
        <button type="button" className="chip" aria-pressed={onlyActive} onClick={() => onChange({ ...params, status: onlyActive ? [] : [...activeKinds] })}>
          Active <span className="chip__count">{count(countsByStatus && activeCountOf(countsByStatus))}</span>
        </button>
        {operatorStatusKinds.map((kind) => (
          <button
            key={kind}
            type="button"
            className="chip op-status"
            data-status={kind}
            aria-pressed={params.status.includes(kind)}
            onClick={() => toggle(kind)}
          >
            <span className="op-status__mark" aria-hidden="true" />
            {operatorStatusLabels[kind]} <span className="chip__count">{count(countsByStatus?.[kind])}</span>
          </button>
        ))}
        {params.status.length > 0 && (
          <button type="button" className="button button--quiet" onClick={() => onChange({ ...params, status: [] })}>
            All statuses
          </button>
        )}
      </fieldset>
      <p className="muted filter-bar__keys">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open
      </p>
    </div>
  );
}
