import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAckAlerts } from '../api/ack-alert';
import { useAlertDelivery } from '../api/get-alert-delivery';
import { useRecentAlerts } from '../api/get-alerts';
import { useBrowserNotifications } from '../hooks/use-browser-notifications';
import { deliveryProblem, unreadBadge } from '../utils/alert-view';
import { AlertItem } from './alert-item';

/**
 * The header's bell: the unread count, and a panel with the newest alerts
 * (acknowledge, open the session), webhook trouble and the browser
 * notification opt-in. Escape or a click outside closes it.
 */
export function NotificationCentre() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const navigate = useNavigate();
  const alerts = useRecentAlerts();
  const delivery = useAlertDelivery();
  const ack = useAckAlerts();
  const openHref = useCallback((href: string) => void navigate(href), [navigate]);
  const browser = useBrowserNotifications(alerts.data?.records, openHref);
  const unread = alerts.data?.unread ?? 0;
  const problem = deliveryProblem(delivery.data ?? null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const records = alerts.data?.records ?? [];
  const unreadShown = records.filter((a) => a.acked_ms === null).map((a) => a.id);
  const label = unread === 0 ? 'Alerts, none unread' : `Alerts, ${unread} unread`;

  return (
    <div className="notification-centre" ref={root}>
      <button
        ref={button}
        type="button"
        className="notification-centre__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        title={label}
        onClick={() => setOpen((was) => !was)}
        data-unread={unread > 0}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {unread > 0 && (
          <span className="notification-centre__count" aria-hidden="true">
            {unreadBadge(unread)}
          </span>
        )}
        {problem && <span className="notification-centre__warning" aria-hidden="true">!</span>}
      </button>
      {open && (
        <section id={panelId} className="notification-centre__panel" aria-label="Alerts">
          <header className="notification-centre__header">
            <h2>Alerts</h2>
            <output className="notification-centre__unread">{unread === 0 ? 'All read' : `${unread} unread`}</output>
          </header>
          {problem && (
            <p className="notification-centre__problem" role="alert">
              {problem}
            </p>
          )}
          {alerts.isPending && <p className="notification-centre__state">Loading alerts…</p>}
          {alerts.isError && (
            <p className="notification-centre__state" role="alert">
              Could not load alerts: {alerts.error.message}
            </p>
          )}
          {alerts.isSuccess && records.length === 0 && <p className="notification-centre__state">No alerts yet. They appear here when a session needs you.</p>}
          {records.length > 0 && (
            <ul className="notification-centre__list">
              {records.map((alert) => (
                <AlertItem key={alert.id} alert={alert} onAck={(id) => ack.mutate([id])} acking={ack.isPending} onNavigate={() => setOpen(false)} />
              ))}
            </ul>
          )}
          {ack.isError && (
            <p className="notification-centre__state" role="alert">
              Could not acknowledge: {ack.error.message}
            </p>
          )}
          <footer className="notification-centre__footer">
            {unreadShown.length > 1 && (
              <button type="button" className="button button--quiet" onClick={() => ack.mutate(unreadShown)} disabled={ack.isPending}>
                Acknowledge all shown
              </button>
            )}
            <Link to="/alerts" onClick={() => setOpen(false)}>
              All alerts
            </Link>
            {browser.state === 'off' && (
              <button type="button" className="button button--quiet" onClick={() => void browser.enable()}>
                Enable browser notifications
              </button>
            )}
            {browser.state === 'on' && (
              <button type="button" className="button button--quiet" onClick={browser.disable}>
                Turn off browser notifications
              </button>
            )}
            {browser.state === 'denied' && <span className="notification-centre__note">Browser notifications are blocked for this site.</span>}
          </footer>
        </section>
      )}
    </div>
  );
}
