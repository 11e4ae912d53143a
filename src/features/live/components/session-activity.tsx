import { useLiveActivity } from '../hooks/use-live-session';
import { describeActivity } from '../utils/describe-activity';

/** What a session is doing right now (thinking, running tools, compacting…), from the live store. */
export function SessionActivity({ sessionId }: { sessionId: string }) {
  const activity = useLiveActivity(sessionId);
  const items = activity ? describeActivity(activity) : [];
  return (
    <ul className="activity" aria-label="Live activity">
      {items.length === 0 ? (
        <li className="activity__item activity__item--idle">No live activity</li>
      ) : (
        items.map((item) => (
          <li key={item.key} className="activity__item" data-tone={item.tone}>
            {item.label}
          </li>
        ))
      )}
    </ul>
  );
}
