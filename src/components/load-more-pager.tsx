import { formatCount } from '../lib/format/format';

/** The parts of an infinite query the pager drives. */
export interface PagedQueryState {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

export interface LoadMorePagerProps {
  shown: number;
  /** What is counted: `['completion', 'completions']`. */
  noun: readonly [singular: string, plural: string];
  query: PagedQueryState;
}

/** "12 completions shown", and a button for the next page while there is one. */
export function LoadMorePager({ shown, noun, query }: LoadMorePagerProps) {
  return (
    <p className="pager muted">
      {formatCount(shown)} {shown === 1 ? noun[0] : noun[1]} shown
      {query.hasNextPage && (
        <>
          {' '}
          <button type="button" className="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </>
      )}
    </p>
  );
}
