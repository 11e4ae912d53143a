import { useAllLiveStatusFacts } from '../../features/live/hooks/use-live-status';
import { SessionsPage } from '../../features/sessions/components/sessions-page';

/** Composes the overview with the live feature's status facts (features do not import each other). */
export function SessionsRoute() {
  const liveFacts = useAllLiveStatusFacts();
  return <SessionsPage liveFacts={liveFacts} />;
}
