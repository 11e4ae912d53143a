import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { alertKindSchema, alertKinds, type AlertKind } from '../../../protocol/alert-schemas';
import { useAckAlerts } from '../api/ack-alert';
import { useAlertHistory } from '../api/get-alerts';
import { alertKindLabels } from '../utils/alert-view';
import { AlertItem } from './alert-item';

const PAGE = 50;

/** `/alerts`: every alert, newest first, filtered by kind and unread (both in the URL), paged back with "Older". */
export function AlertHistoryPage() {
  const [params, setParams] = useSearchParams();
  const kindParam = alertKindSchema.safeParse(params.get('kind'));
  const kind: AlertKind | undefined = kindParam.success ? kindParam.data : undefined;
  const unreadOnly = params.get('unread') === 'true';
  // Cursors of the pages above this one, so "Newer" can step back.
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors.at(-1);
  const history = useAlertHistory({ kind: kind ? [kind] : undefined, unread: unreadOnly || undefined, cursor, limit: PAGE });
  const ack = useAckAlerts();

  const setFilter = (key: 'kind' | 'unread', value: string | null) => {
    setCursors([]);
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value === null) next.delete(key);
      else next.set(key, value);
      return next;
    });
  };

  return (
    <section className="page alert-history" aria-labelledby="alerts-heading">
      <header className="page__header">
        <h1 id="alerts-heading">Alerts</h1>
        {history.data && <p className="muted">{history.data.unread === 0 ? 'All read' : `${history.data.unread} unread`}</p>}
      </header>
      <div className="alert-history__filters">
        <label>
          Kind{' '}
          <select value={kind ?? ''} onChange={(e) => setFilter('kind', e.target.value || null)}>
            <option value="">All kinds</option>
            {alertKinds.map((k) => (
              <option key={k} value={k}>
                {alertKindLabels[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setFilter('unread', e.target.checked ? 'true' : null)} /> Unread only
        </label>
      </div>
      {history.isPending && <p className="muted">Loading alerts…</p>}
      {history.isError && <p role="alert">Could not load alerts: {history.error.message}</p>}
      {history.isSuccess && history.data.records.length === 0 && <p className="muted">No alerts match.</p>}
      {history.data && history.data.records.length > 0 && (
        <ul className="alert-history__list">
          {history.data.records.map((alert) => (
            <AlertItem key={alert.id} alert={alert} onAck={(id) => ack.mutate([id])} acking={ack.isPending} />
          ))}
        </ul>
      )}
      <div className="alert-history__pager">
        {cursors.length > 0 && (
          <button type="button" className="button button--quiet" onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </button>
        )}
        {history.data?.next_cursor != null && (
          <button type="button" className="button" onClick={() => setCursors((c) => [...c, history.data!.next_cursor!])}>
            Older
          </button>
        )}
      </div>
    </section>
  );
}
