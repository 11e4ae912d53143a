import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { shortId } from '../lib/format/format';

/** A link to a session's page, named by `children` (its short id by default), with the full id on hover. */
export function SessionLink({ sessionId, children }: { sessionId: string; children?: ReactNode }) {
  return (
    <Link to={`/sessions/${encodeURIComponent(sessionId)}`} title={sessionId}>
      {children ?? shortId(sessionId)}
    </Link>
  );
}
