import { useEffect } from 'react';
import { Link, Outlet, ScrollRestoration, useLocation } from 'react-router';
import { SignOutButton } from '../../features/auth/components/sign-out-button';
import { TokenPrompt } from '../../features/auth/components/token-prompt';
import { NotificationCentre } from '../../features/alerts/components/notification-centre';
import { CodetetherServeIndicator } from '../../features/codetether-serve/components/codetether-serve-indicator';
import { DemoDataNotice } from '../../features/demo-data/components/demo-data-notice';
import { ConnectionIndicator } from '../../live/components/connection-indicator';
import { startLiveConnection } from '../../live/live-connection';
import { StoreStateIndicator } from '../../features/store-health/components/store-state-indicator';
import { useDisplayTimeZone } from '../../lib/time/time-zone-store';
import { ThemeToggle } from './theme-toggle';
import { TimeZoneToggle } from './time-zone-toggle';

/** The shell: skip link, header (product, nav, live connection, theme), and the page. */
export function RootLayout() {
  const { pathname } = useLocation();
  // The Sessions section covers the list and every session page; only the list itself is "the current page".
  const inSessions = pathname === '/' || pathname.startsWith('/sessions/');
  // Formatters read the app's zone as their default: a new zone redraws the page (cached data stays).
  const timeZone = useDisplayTimeZone();
  // The live socket opens once the first page is on screen (the shell is first rendered with
  // it, after its code and first reads). Opened at start-up, its handshake (hello, caught up,
  // snapshot) landed while the page rendered, each message a store update that re-rendered
  // the shell in the middle of the page's first render. It never closes with the shell, and
  // opening is idempotent: re-renders and StrictMode cannot open a second. Nothing is missed
  // meanwhile: a fresh start reads on every history the page holds.
  useEffect(startLiveConnection, []);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          <span>Tether Watch</span>
        </Link>
        <nav className="shell__nav" aria-label="Main">
          <Link to="/" className={inSessions ? 'nav-link is-active' : 'nav-link'} aria-current={pathname === '/' ? 'page' : undefined}>
            Sessions
          </Link>
          <Link to="/usage" className={pathname === '/usage' ? 'nav-link is-active' : 'nav-link'} aria-current={pathname === '/usage' ? 'page' : undefined}>
            Cost
          </Link>
          <Link to="/rlm" className={pathname === '/rlm' ? 'nav-link is-active' : 'nav-link'} aria-current={pathname === '/rlm' ? 'page' : undefined}>
            RLM
          </Link>
          <Link to="/compaction" className={pathname === '/compaction' ? 'nav-link is-active' : 'nav-link'} aria-current={pathname === '/compaction' ? 'page' : undefined}>
            Compaction
          </Link>
        </nav>
        <div className="shell__tools">
          <StoreStateIndicator />
          <CodetetherServeIndicator />
          <ConnectionIndicator />
          <NotificationCentre />
          <TimeZoneToggle />
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="shell__main" tabIndex={-1} key={timeZone}>
        <DemoDataNotice />
        <Outlet />
      </main>
      <ScrollRestoration />
      <TokenPrompt />
    </div>
  );
}
