import { useParams } from 'react-router';
import { useFrozenSinceMs } from '../../features/live/hooks/use-connection-status';
import { useLiveStatusFacts } from '../../features/live/hooks/use-live-status';
import { useLiveRetry, useLiveRlm, useLiveStep, useLiveThinking, useLiveTool, useLiveTools } from '../../features/live/hooks/use-live-present';
import { useLiveTimeline } from '../../features/live/hooks/use-live-session';
import { SessionLiveContext, type SessionLiveSource } from '../../features/session/hooks/session-live-source';
import { SessionPage } from '../../features/session/components/session-page';
import { NotFoundPage } from './not-found-page';

/** The live feature's narrow hooks, handed to the session feature (features do not import each other). */
const liveSource: SessionLiveSource = {
  useTimeline: useLiveTimeline,
  useStep: useLiveStep,
  useThinking: useLiveThinking,
  useTools: useLiveTools,
  useTool: useLiveTool,
  useRetry: useLiveRetry,
  useRlm: useLiveRlm,
  useStatusFacts: useLiveStatusFacts,
  useFrozenSinceMs,
};

/** Keyed by id, so moving to another session starts from a fresh page (scroll, expanded rows, filters). */
export function SessionRoute() {
  const { sessionId } = useParams();
  if (!sessionId) return <NotFoundPage />;
  return (
    <SessionLiveContext value={liveSource}>
      <SessionPage key={sessionId} sessionId={sessionId} />
    </SessionLiveContext>
  );
}
