import { useId } from 'react';
import { SessionPicker } from '../../../components/session-filter';
import { filterKeys, hasFilters, noFilters, toggleFilter, type FilterKey, type UsageParams } from '../utils/usage-params';
import { groupLabels } from './view-controls';

export interface FilterChoice {
  value: string;
  label: string;
}

export interface FilterBarProps {
  params: UsageParams;
  /** What each filter can be set to (values with usage in the range). */
  choices: Record<FilterKey, FilterChoice[]>;
  /** Display name of a filter value (a session's title...). */
  labelOf: (key: FilterKey, value: string) => string;
  onChange: (next: UsageParams) => void;
}

/**
 * One "add" select per dimension and the active filters as removable chips.
 * Values within a dimension are alternatives (any of them); dimensions narrow each other.
 */
export function FilterBar({ params, choices, labelOf, onChange }: FilterBarProps) {
  const id = useId();
  const active = filterKeys.flatMap((key) => params.filters[key].map((value) => ({ key, value })));
  return (
    <div className="usage-filters">
      <div className="usage-filters__add">
        {/* Labels are offered once the table is grouped by label (see use-usage-view.ts). */}
        {filterKeys.filter((key) => key !== 'label' || choices.label.length > 0).map((key) => {
          if (key === 'session') {
            // Searched on the server, over every session, not picked from the newest few hundred.
            const chosen: readonly string[] = params.filters.session;
            return <SessionPicker key={key} onPick={(session) => !chosen.includes(session) && onChange(toggleFilter(params, 'session', session))} />;
          }
          const open = choices[key].filter((choice) => !(params.filters[key] as readonly string[]).includes(choice.value));
          return (
            <div className="field" key={key}>
              <label htmlFor={`${id}-${key}`}>{groupLabels[key]}</label>
              <select
                id={`${id}-${key}`}
                value=""
                disabled={open.length === 0}
                onChange={(e) => e.target.value && onChange(toggleFilter(params, key, e.target.value))}
              >
                <option value="">{open.length === 0 ? 'no more' : `Add ${groupLabels[key].toLowerCase()}…`}</option>
                {open.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
      {active.length > 0 && (
        <ul className="usage-filters__active" aria-label="Active filters">
          {active.map(({ key, value }) => (
            <li key={`${key}:${value}`} className="chip usage-filter-chip">
              <span className="muted">{groupLabels[key]}:</span> {labelOf(key, value)}
              <button
                type="button"
                className="usage-filter-chip__remove"
                aria-label={`Remove ${groupLabels[key].toLowerCase()} filter ${labelOf(key, value)}`}
                onClick={() => onChange(toggleFilter(params, key, value))}
              >
                ×
              </button>
            </li>
          ))}
          {hasFilters(params.filters) && (
            <li>
              <button type="button" className="button button--quiet" onClick={() => onChange({ ...params, filters: noFilters })}>
                Clear filters
              </button>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
