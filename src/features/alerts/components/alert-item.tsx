import { Link } from 'react-router';
import type { AlertRecord } from '../../../protocol/alert-schemas';
import { alertHref, alertKindLabels, formatAlertTime } from '../utils/alert-view';

/** One alert: what, when (zone named), the session link, and acknowledge while unread. */
export function AlertItem({ alert, onAck, acking, onNavigate }: { alert: AlertRecord; onAck: (id: number) => void; acking: boolean; onNavigate?: () => void }) {
  const unread = alert.acked_ms === null;
  return (
    <li className={unread ? 'alert-item is-unread' : 'alert-item'} data-kind={alert.kind}>
      <div className="alert-item__head">
        <strong className="alert-item__kind">{alertKindLabels[alert.kind]}</strong>
        {alert.cleared_ms !== null && <span className="badge" title={`Cleared ${formatAlertTime(alert.cleared_ms)}`}>Cleared</span>}
        <time className="alert-item__time" dateTime={new Date(alert.ts_ms).toISOString()}>
          {formatAlertTime(alert.ts_ms)}
        </time>
      </div>
      <p className="alert-item__message">{alert.message}</p>
      <div className="alert-item__actions">
        <Link to={alertHref(alert)} onClick={onNavigate}>
          {alert.session_id === null ? 'Open Cost page' : 'Open session'}
        </Link>
        {unread ? (
          <button type="button" className="button" onClick={() => onAck(alert.id)} disabled={acking}>
            Acknowledge
          </button>
        ) : (
          <span className="alert-item__acked">Acknowledged</span>
        )}
      </div>
    </li>
  );
}
