import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { StatePanel } from '../../components/state-panel';
import { describeError } from '../../lib/api/api-error';

/**
 * What a page that crashed while rendering shows instead, inside the shell
 * (header and connection indicator stay usable). The details go to the console
 * for the engineer; the reader gets a sentence and a way out.
 */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : describeError(error);
  console.error(error);
  return (
    <section className="page">
      <title>Error · Tether Watch</title>
      <h1>Something went wrong</h1>
      <StatePanel
        kind="error"
        title="This page failed to display."
        action={
          <>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload
            </button>{' '}
            <Link className="button button--quiet" to="/">
              Go to sessions
            </Link>
          </>
        }
      >
        {message}
      </StatePanel>
    </section>
  );
}
