import { toQueryString, API_BASE, type QueryParams } from '../lib/api/api-url';
import { addTokenParam, useAuthState } from '../lib/settings/auth-token';
import type { ExportView } from '../protocol/api-queries';

/** The download URL of a view's filtered records; a token rides in the query (a link cannot send headers). */
export function exportUrl(view: ExportView, format: 'csv' | 'jsonl', filters: QueryParams, token: string | null): string {
  return addTokenParam(`${API_BASE}/export/${view}${toQueryString({ ...filters, format })}`, token);
}

/** CSV and JSONL downloads of exactly what a table shows (its filters, without paging). */
export function ExportLinks({ view, filters, label }: { view: ExportView; filters: QueryParams; label: string }) {
  // Re-rendered when the token changes, so a link never carries a stale one.
  const token = useAuthState().token;
  return (
    <span className="export-links" role="group" aria-label={`Export ${label}`}>
      <a className="button button--quiet" href={exportUrl(view, 'csv', filters, token)} download>
        CSV
      </a>
      <a className="button button--quiet" href={exportUrl(view, 'jsonl', filters, token)} download>
        JSONL
      </a>
    </span>
  );
}
