import { memo } from 'react';
import { sessionSource } from '../utils/session-source';

/**
 * Where the session comes from and what that source cannot show, so an empty panel
 * is read as a limit of the source. Reads `producer` defensively: a summary from a
 * server that predates it counts as our own protocol.
 */
export const SessionSourceNote = memo(function SessionSourceNote({ producer }: { producer: string | null | undefined }) {
  const source = sessionSource(producer);
  return (
    <aside className="session-source" aria-label="Where this session comes from">
      <p className="session-source__from">
        From <strong>{source.label}</strong>, via {source.via}.
      </p>
      {source.cannotFill.length > 0 && (
        <details className="session-source__limits">
          <summary>What this source cannot show ({source.cannotFill.length})</summary>
          <ul>
            {source.cannotFill.map((limit) => (
              <li key={limit}>{limit}</li>
            ))}
          </ul>
        </details>
      )}
    </aside>
  );
});
