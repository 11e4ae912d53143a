import { SessionsPage } from '../../features/sessions/components/sessions-page';

/** The overview; its own module so the router loads it lazily. */
export function SessionsRoute() {
  return <SessionsPage />;
}
