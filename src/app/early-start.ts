import { startEarlyRead } from '../lib/api/early-reads';
import { matchPageRoute } from './page-routes';

// The app's second entry, one small self-contained script loaded `async` from
// index.html (built on its own, see vite.config.ts): it runs as soon as it
// arrives, while the main entry (react-dom, the shell, every schema) is still
// loading and evaluating, and starts what the page at this URL will ask for
// first: its API reads (taken over by the app's fetcher, see
// src/lib/api/early-reads.ts) and its code (the app's own chunk for the page).
// On a cold open of a large session or of the Cost page over a fleet, these used
// to wait a few hundred milliseconds behind the app's code.

const match = matchPageRoute(window.location.pathname);
const reads = match?.route.firstReads?.(match.params, new URLSearchParams(window.location.search)) ?? [];
if (match && reads.length > 0) {
  // The reads go out before the page's code: the browser opens only a few connections
  // to one server, and the code's many files would queue ahead of them.
  for (const read of reads) startEarlyRead(read);
  // The router loads it again through the same import; a failure is the router's to show.
  match.route.load().catch(() => undefined);
}
