import { Link } from 'react-router';
import { formatCount } from '../../../lib/format';
import type { SessionListQuery } from '../../../protocol/api-queries';
import { listFiltersToSearch } from '../utils/list-filters';

/** "Showing 101–200 of 1,234" with previous/next links (links, so a page of the list can be shared). */
export function SessionsPager({ filters, shown, total }: { filters: SessionListQuery; shown: number; total: number }) {
  const first = total === 0 ? 0 : filters.offset + 1;
  const last = filters.offset + shown;
  const previous = filters.offset > 0 ? { ...filters, offset: Math.max(0, filters.offset - filters.limit) } : null;
  const next = last < total ? { ...filters, offset: filters.offset + filters.limit } : null;
  if (!previous && !next && total <= shown) {
    return <p className="pager muted">{total === 1 ? '1 session' : `${formatCount(total)} sessions`}</p>;
  }
  return (
    <nav className="pager" aria-label="Pages of sessions">
      <span className="muted">
        Showing {formatCount(first)}–{formatCount(last)} of {formatCount(total)}
      </span>
      {previous && (
        <Link className="button" to={{ search: listFiltersToSearch(previous) }}>
          Previous
        </Link>
      )}
      {next && (
        <Link className="button" to={{ search: listFiltersToSearch(next) }}>
          Next
        </Link>
      )}
    </nav>
  );
}
