import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../lib/api/api-client';
import { alertRecordSchema, type AlertRecord } from '../../../protocol/alert-schemas';
import { alertKeys } from './alert-query-keys';

/** `POST /api/v1/alerts/:id/ack`. */
export async function ackAlert(id: number): Promise<AlertRecord> {
  const record = await apiSend('POST', `/alerts/${id}/ack`, {}, alertRecordSchema);
  return record!;
}

/** Acknowledges alerts, then refetches every alert list (and so the unread count). */
export function useAckAlerts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: readonly number[]) => Promise.all(ids.map((id) => ackAlert(id))),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}
