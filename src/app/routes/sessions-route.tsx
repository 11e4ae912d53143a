import { useFrozenSinceMs } from '../../features/live/hooks/use-connection-status';
import { useAllLiveStatusFacts } from '../../features/live/hooks/use-live-status';
import { SessionsPage } from '../../features/sessions/components/sessions-page';

/** Composes the overview with the live feature's status facts and connection (features do not import each other). */
export function SessionsRoute() {
  const liveFacts = useAllLiveStatusFacts();
  const frozenSinceMs = useFrozenSinceMs();
  return <SessionsPage liveFacts={liveFacts} frozenSinceMs={frozenSinceMs} />;
}
