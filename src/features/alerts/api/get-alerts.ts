import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api/api-client';
import { alertPageSchema, type AlertPage } from '../../../protocol/alert-schemas';
import { alertKeys, type AlertListParams } from './alert-query-keys';

/**
 * New alerts reach the browser by polling at this interval (the live socket
 * carries events, not alerts): an alert shows within a few seconds of firing.
 */
export const ALERT_POLL_MS = 3_000;

/** `GET /api/v1/alerts`: newest first; `cursor` goes on to older ones. */
export function getAlerts(params: AlertListParams, signal?: AbortSignal): Promise<AlertPage> {
  return apiGet('/alerts', alertPageSchema, { params: { ...params }, signal });
}

export function alertsQueryOptions(params: AlertListParams, poll = true) {
  return queryOptions({
    queryKey: alertKeys.list(params),
    queryFn: ({ signal }) => getAlerts(params, signal),
    refetchInterval: poll ? ALERT_POLL_MS : false,
    // Keeps polling in a background tab, so a browser notification can still call the operator back.
    refetchIntervalInBackground: poll,
    staleTime: poll ? ALERT_POLL_MS : 30_000,
  });
}

/** The newest alerts and the unread count, for the header's notification centre. */
export function useRecentAlerts() {
  return useQuery(alertsQueryOptions({ limit: 20 }));
}

export function useAlertHistory(params: AlertListParams) {
  return useQuery(alertsQueryOptions(params, false));
}
