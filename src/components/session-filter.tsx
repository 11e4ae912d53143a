import { useId, useState, type FormEvent } from 'react';

export interface SessionFilterProps {
  /** The session id filtered on; empty: all sessions. */
  session: string;
  onChange: (session: string) => void;
}

/** A session id to narrow a page to, applied on submit. Give it a `key` from the URL's value so it follows back / forward navigation. */
export function SessionFilter({ session, onChange }: SessionFilterProps) {
  const id = useId();
  const [draft, setDraft] = useState(session);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft.trim());
  };

  return (
    <form className="session-filter" onSubmit={apply} role="search" aria-label="Session filter">
      <label htmlFor={id}>Session</label>
      <input
        id={id}
        type="search"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        placeholder="all sessions (paste an id)"
        maxLength={128}
        pattern="[A-Za-z0-9_\-]*"
        title="A session id: letters, digits, - and _"
      />
      <button type="submit" className="button">
        Filter
      </button>
      {session && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            setDraft('');
            onChange('');
          }}
        >
          All sessions
        </button>
      )}
    </form>
  );
}
