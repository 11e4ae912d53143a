import { useParams } from 'react-router';
import { SessionPage } from '../../features/session/components/session-page';
import { NotFoundPage } from './not-found-page';

/** Keyed by id, so moving to another session starts from a fresh page (scroll, expanded rows, filters). */
export function SessionRoute() {
  const { sessionId } = useParams();
  if (!sessionId) return <NotFoundPage />;
  return <SessionPage key={sessionId} sessionId={sessionId} />;
}
