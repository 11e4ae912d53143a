import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../lib/api/api-client';
import { demoDataRemovalSchema, type DemoDataRemovalReply } from '../../../protocol/demo-data-schemas';

/** `DELETE /api/v1/demo-data`: stops the server's demo, then deletes every demo session. */
export async function removeDemoData(): Promise<DemoDataRemovalReply> {
  // An empty JSON object, not no body: the client sends a JSON content type, which may not come empty.
  const reply = await apiSend('DELETE', '/demo-data', {}, demoDataRemovalSchema);
  return reply!;
}

/**
 * Removes the demo data, then refetches every query: session lists, costs and
 * analytics all held demo sessions (or their absence from totals) a moment ago.
 */
export function useRemoveDemoData() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeDemoData,
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
