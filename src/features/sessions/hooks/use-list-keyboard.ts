import { useEffect, useRef, useState, type RefObject } from 'react';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/**
 * j / k move a selection through `ids`, Enter opens the selected one, `/`
 * focuses the search box. Keys typed into a field are left alone (Escape leaves
 * the field). The selection follows the id, so a live re-sort does not move it
 * to another session; `reveal` scrolls the newly selected row into view (a
 * virtualised table has not drawn it yet).
 */
export function useListKeyboard(
  ids: readonly string[],
  open: (id: string) => void,
  searchRef: RefObject<HTMLInputElement | null>,
  reveal: (index: number) => void = () => {},
) {
  const [selected, setSelected] = useState<string | null>(null);
  // The listener is installed once; it reads the latest list through this ref.
  const latest = useRef({ ids, selected, open, reveal });
  useEffect(() => {
    latest.current = { ids, selected, open, reveal };
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTyping(event.target)) {
        if (event.key === 'Escape' && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      const { ids: list, selected: current, open: openId, reveal: show } = latest.current;
      const index = current === null ? -1 : list.indexOf(current);
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const next = event.key === 'j' ? Math.min(list.length - 1, index + 1) : Math.max(0, index - 1);
        const id = list[next];
        if (id !== undefined) {
          setSelected(id);
          show(next);
        }
      } else if (event.key === 'Enter' && current !== null && !(event.target instanceof HTMLAnchorElement || event.target instanceof HTMLButtonElement)) {
        event.preventDefault();
        openId(current);
      } else if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [searchRef]);

  return selected;
}
