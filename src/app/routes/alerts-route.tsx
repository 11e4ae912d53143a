import { AlertHistoryPage } from '../../features/alerts/components/alert-history-page';

/** `/alerts`: the alert history, loaded when opened. */
export function AlertsRoute() {
  return <AlertHistoryPage />;
}
