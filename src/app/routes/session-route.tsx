import { useParams } from 'react-router';
import { SessionActivity } from '../../features/live/components/session-activity';
import { useLiveTimeline } from '../../features/live/hooks/use-live-session';
import { SessionPage } from '../../features/session/components/session-page';
import { NotFoundPage } from './not-found-page';

/**
 * Composes the session page with the live feature: features do not import each
 * other, so the app hands the live events and the activity strip in.
 */
export function SessionRoute() {
  const { sessionId } = useParams();
  if (!sessionId) return <NotFoundPage />;
  return <LiveSessionPage key={sessionId} sessionId={sessionId} />;
}

/** Keyed by id, so moving to another session starts from a fresh timeline (scroll, expanded rows). */
function LiveSessionPage({ sessionId }: { sessionId: string }) {
  const live = useLiveTimeline(sessionId);
  return <SessionPage sessionId={sessionId} live={live} activity={<SessionActivity sessionId={sessionId} />} />;
}
