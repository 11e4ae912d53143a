import { useId, type RefObject } from 'react';
import { formatCount } from '../../../lib/format';
import { isActiveStatus, operatorStatusKinds, operatorStatusLabels, type OperatorStatusKind } from '../../../lib/session-status';
import type { OverviewParams } from '../utils/overview-params';

/** Every status but done, error and abandoned: what "active" means in the count and its filter. */
const activeKinds = operatorStatusKinds.filter(isActiveStatus);

export interface SessionsFilterBarProps {
  params: OverviewParams;
  countsByStatus: Record<OperatorStatusKind, number>;
  /** Sessions neither ended nor abandoned. */
  activeCount: number;
  onChange: (next: OverviewParams) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/**
 * Text search (filters as you type) and one toggle per derived status with its
 * count. The page keeps the values in the URL; this component only proposes changes.
 */
export function SessionsFilterBar({ params, countsByStatus, activeCount, onChange, searchRef }: SessionsFilterBarProps) {
  const searchId = useId();
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
          value={params.q}
          placeholder="Title, id, agent or model"
          onChange={(event) => onChange({ ...params, q: event.target.value })}
        />
      </search>
      <fieldset className="status-filter">
        <legend>Status</legend>
        <button type="button" className="chip" aria-pressed={onlyActive} onClick={() => onChange({ ...params, status: onlyActive ? [] : [...activeKinds] })}>
          Active <span className="chip__count">{formatCount(activeCount)}</span>
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
            {operatorStatusLabels[kind]} <span className="chip__count">{countsByStatus[kind]}</span>
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
