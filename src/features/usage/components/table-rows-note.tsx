import { formatCount } from '../../../lib/format/format';
import { metricLabels } from '../utils/usage-keys';
import { TABLE_ROWS_STEP, type UsageParams } from '../utils/usage-params';

export interface TableRowsNoteProps {
  /** Lines the table holds. */
  shown: number;
  /** Lines there are in the view (the server counts them). */
  of: number;
  params: UsageParams;
  onChange: (next: UsageParams) => void;
}

/**
 * Under a table that holds only the top of its lines: how many there are, that the totals
 * line counts them all, and a way to read more. Nothing when every line is there.
 */
export function TableRowsNote({ shown, of, params, onChange }: TableRowsNoteProps) {
  if (of <= shown) return null;
  const more = Math.min(TABLE_ROWS_STEP, of - shown);
  return (
    <p className="usage-table__more muted">
      Showing the top {formatCount(shown)} of {formatCount(of)} lines by {metricLabels[params.metric].toLowerCase()}; the Total line counts all {formatCount(of)}.{' '}
      <button type="button" className="link-button" onClick={() => onChange({ ...params, rows: params.rows + TABLE_ROWS_STEP })}>
        Show {formatCount(more)} more
      </button>
    </p>
  );
}
