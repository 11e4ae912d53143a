import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';

/**
 * What a change should write: the fields the caller changed (against the params it
 * rendered with) on top of the latest known params. Callers build `next` as
 * `{ ...params, measure }` from the params of their last render; a second change
 * made before the first has re-rendered would otherwise write the stale fields back
 * and undo the first.
 */
export function mergeChangedFields<P extends object>(rendered: P, next: P, latest: P): P {
  const merged = { ...latest };
  for (const key of Object.keys(next) as (keyof P)[]) {
    if (!Object.is(next[key], rendered[key])) merged[key] = next[key];
  }
  return merged;
}

/**
 * View state kept in the URL's search params: `[params, apply]`. Each change is one
 * history entry, unless `replaceWhen(rendered, next)` says it only refines the
 * current one (typing in a search box, say).
 */
export function useUrlViewState<P extends object>(
  parse: (search: URLSearchParams) => P,
  toSearch: (params: P) => URLSearchParams,
  replaceWhen?: (rendered: P, next: P) => boolean,
): [P, (next: P) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const params = useMemo(() => parse(new URLSearchParams(search)), [parse, search]);
  // The last write, and the URL it was made on: until the URL moves on, it is ahead of `params`.
  const pending = useRef<{ onSearch: string; params: P } | null>(null);
  const apply = useCallback(
    (next: P) => {
      const latest = pending.current?.onSearch === search ? pending.current.params : params;
      const merged = mergeChangedFields(params, next, latest);
      pending.current = { onSearch: search, params: merged };
      setSearchParams(toSearch(merged), { replace: replaceWhen?.(params, next) ?? false });
    },
    [params, search, setSearchParams, toSearch, replaceWhen],
  );
  return [params, apply];
}
