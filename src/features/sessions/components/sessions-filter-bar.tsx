import { useId, useState, type FormEvent } from 'react';
import type { SessionListQuery } from '../../../protocol/api-queries';
import { sessionStatuses, type SessionStatus } from '../../../protocol/api-schemas';

const statusLabels: Record<SessionStatus, string> = { active: 'Active', done: 'Done', error: 'Error' };

export interface SessionsFilterBarProps {
  filters: SessionListQuery;
  onChange: (next: SessionListQuery) => void;
}

/**
 * Status and text search. The filters live in the URL (the page owns that), so
 * a filtered view can be shared; this component only proposes changes. Paging
 * restarts whenever a filter changes.
 */
export function SessionsFilterBar({ filters, onChange }: SessionsFilterBarProps) {
  const statusId = useId();
  const searchId = useId();
  const [query, setQuery] = useState(filters.q ?? '');
  // Follow the URL when it changes under us (back button, a shared link).
  const [seenQ, setSeenQ] = useState(filters.q);
  if (seenQ !== filters.q) {
    setSeenQ(filters.q);
    setQuery(filters.q ?? '');
  }

  const status = filters.status?.length === 1 ? filters.status[0] : '';

  const onStatus = (value: string) => {
    const next = sessionStatuses.find((s) => s === value);
    onChange({ ...filters, status: next ? [next] : undefined, offset: 0 });
  };

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = query.trim();
    onChange({ ...filters, q: q || undefined, offset: 0 });
  };

  return (
    <div className="filter-bar">
      <div className="field">
        <label htmlFor={statusId}>Status</label>
        <select id={statusId} value={status} onChange={(event) => onStatus(event.target.value)}>
          <option value="">All statuses</option>
          {sessionStatuses.map((value) => (
            <option key={value} value={value}>
              {statusLabels[value]}
            </option>
          ))}
        </select>
      </div>
      <search>
        <form className="field field--search" onSubmit={onSearch}>
          <label htmlFor={searchId}>Search</label>
          <input
            id={searchId}
            type="search"
            value={query}
            placeholder="Title or session id"
            onChange={(event) => setQuery(event.target.value)}
          />
          <button type="submit" className="button">
            Search
          </button>
        </form>
      </search>
    </div>
  );
}
