import { useId, useState, type KeyboardEvent } from 'react';
import { sessionLabel, shortId, uniqueShortIds } from '../lib/format/format';
import { useSessionSearch } from '../lib/sessions/session-search';
import { useDebouncedValue } from '../lib/timing/use-draft-text';

/** What a pasted session id may contain (the ingest API's rule); anything else is searched, never applied as an id. */
const SESSION_ID = /^[A-Za-z0-9_\-.:]{1,128}$/;

export interface SessionPickerProps {
  /** Called with the chosen session's id. */
  onPick: (sessionId: string) => void;
  label?: string;
}

/**
 * A session chosen by searching the server (title or id, over the whole fleet,
 * not only the newest few hundred): type, then pick with the arrows and Enter
 * or a click. Each choice reads "Title · short id", the short ids long enough
 * to tell the shown ones apart. A pasted id that matches no title is taken as
 * it is on Enter. Typing is local state: no keystroke waits for the server.
 */
export function SessionPicker({ onPick, label = 'Session' }: SessionPickerProps) {
  const id = useId();
  const listId = `${id}-choices`;
  const [draft, setDraft] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const text = useDebouncedValue(draft.trim());
  const search = useSessionSearch(text, open);
  const choices = search.data?.sessions ?? [];
  const shorts = uniqueShortIds(choices.map((s) => s.session_id));

  const pick = (sessionId: string) => {
    onPick(sessionId);
    setDraft('');
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (choices.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + choices.length) % choices.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = choices[active];
      if (chosen && open) pick(chosen.session_id);
      else if (SESSION_ID.test(draft.trim())) pick(draft.trim());
    } else if (event.key === 'Escape' && open) {
      // Closes the list; a second Escape leaves the field (the page's keyboard handler).
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  };

  const status = search.isError
    ? 'Sessions could not be searched'
    : search.isPending || text !== draft.trim()
      ? 'Searching…'
      : choices.length === 0
        ? 'No session matches'
        : null;

  return (
    <div className="session-picker">
      <label htmlFor={id}>{label}</label>
      <div className="session-picker__box">
        <input
          id={id}
          type="search"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          value={draft}
          maxLength={200}
          autoComplete="off"
          placeholder="search title or id"
          onChange={(event) => {
            setDraft(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        {open && (
          <div id={listId} role="listbox" aria-label={`${label} choices`} className="session-picker__list">
            {choices.map((session, index) => (
              // Keys are the combobox's (aria-activedescendant): the options take clicks only, as the ARIA pattern has it.
              // oxlint-disable-next-line jsx-a11y/click-events-have-key-events
              <div
                key={session.session_id}
                tabIndex={-1}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className="session-picker__option"
                title={session.session_id}
                // Before the input's blur closes the list.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(session.session_id)}
              >
                {sessionLabel(session.title, shorts.get(session.session_id) ?? shortId(session.session_id))}
              </div>
            ))}
            {status && (
              <p className="session-picker__status muted">{status}</p>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

export interface SessionFilterProps {
  /** The session id filtered on; empty: all sessions. */
  session: string;
  onChange: (session: string) => void;
}

/** The session an analytics page is narrowed to, named "Title · short id", with the picker to choose another. */
export function SessionFilter({ session, onChange }: SessionFilterProps) {
  // The chosen session's title: searching its full id finds it (ids match as substrings).
  const current = useSessionSearch(session, session !== '');
  const title = current.data?.sessions.find((s) => s.session_id === session)?.title ?? null;
  return (
    <div className="session-filter" role="search" aria-label="Session filter">
      <SessionPicker onPick={onChange} />
      {session && (
        <p className="session-filter__current">
          <span className="chip" title={session}>
            {sessionLabel(title, shortId(session))}
          </span>
          <button type="button" className="button button--quiet" onClick={() => onChange('')}>
            All sessions
          </button>
        </p>
      )}
    </div>
  );
}
