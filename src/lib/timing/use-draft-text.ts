import { useEffect, useRef, useState } from 'react';
import { debounce, type Debounced } from './debounce';

/** Quiet time after the last keystroke before a typed value is written on (URL, server query). */
export const TYPING_SETTLE_MS = 250;

/**
 * A text field that never loses a keystroke: what is typed lives in local state
 * (instant, whatever else is rendering), and is committed `waitMs` after the
 * last key. A committed value changed elsewhere (back / forward, "Clear
 * filters") replaces the draft. `flush` commits at once (Enter).
 */
export function useDraftText(committed: string, commit: (value: string) => void, waitMs = TYPING_SETTLE_MS) {
  const [draft, setDraftState] = useState(committed);
  // What this field last wrote: the committed value catching up with it is not a change from elsewhere.
  const written = useRef(committed);
  const latestCommit = useRef(commit);
  useEffect(() => {
    latestCommit.current = commit;
  });
  // Made on the first keystroke (refs are for handlers and effects, not render).
  const writer = useRef<Debounced<[string]> | null>(null);
  const writerOf = () =>
    (writer.current ??= debounce((value: string) => {
      written.current = value;
      latestCommit.current(value);
    }, waitMs));
  // Leaving the page drops a pending write: it would navigate back to the page left.
  useEffect(() => () => writer.current?.cancel(), []);
  useEffect(() => {
    if (committed === written.current) return;
    writer.current?.cancel();
    written.current = committed;
    setDraftState(committed);
  }, [committed]);

  const setDraft = (value: string) => {
    setDraftState(value);
    writerOf().call(value);
  };
  const flush = () => writer.current?.flush();
  return { draft, setDraft, flush };
}

/** `value`, once it has stopped changing for `waitMs`: what a search box asks the server for. */
export function useDebouncedValue<T>(value: T, waitMs = TYPING_SETTLE_MS): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), waitMs);
    return () => clearTimeout(timer);
  }, [value, waitMs]);
  return settled;
}
