import { Link, useLocation } from 'react-router';
import { StatePanel } from '../../components/state-panel';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="page">
      <title>Page not found · Tether Watch</title>
      <h1>Page not found</h1>
      <StatePanel
        kind="empty"
        title={`Nothing lives at ${pathname}.`}
        action={
          <Link className="button" to="/">
            Go to sessions
          </Link>
        }
      />
    </section>
  );
}
