import { Link } from 'react-router';
import { ContextGauge } from '../../../components/context-gauge';
import { RelativeTime } from '../../../components/relative-time';
import { StatusBadge } from '../../../components/status-badge';
import { TokenCounts } from '../../../components/token-counts';
import { formatCount, shortId } from '../../../lib/format';
import type { SessionSummary } from '../../../protocol/api-schemas';

/** One session; its title is the link (a real <a>, so it is reachable with Tab and opens in a new tab). */
export function SessionRow({ session }: { session: SessionSummary }) {
  const id = session.session_id;
  return (
    <tr>
      <th scope="row" className="sessions-table__title">
        <Link to={`/sessions/${encodeURIComponent(id)}`} title={id}>
          {session.title?.trim() || shortId(id)}
        </Link>
        {session.title?.trim() && <span className="sessions-table__id muted">{shortId(id)}</span>}
      </th>
      <td>{session.agent ?? <span className="muted">—</span>}</td>
      <td className="sessions-table__model">{session.model ?? <span className="muted">—</span>}</td>
      <td>
        <StatusBadge status={session.status} />
      </td>
      <td>
        <ContextGauge estimate={session.last_estimate} />
      </td>
      <td className="numeric">
        <TokenCounts prompt={session.prompt_tokens} completion={session.completion_tokens} />
      </td>
      <td className="numeric">{formatCount(session.event_count)}</td>
      <td className="numeric">
        <RelativeTime ms={session.last_seen_ms} />
      </td>
    </tr>
  );
}
