import { authHeaders, getAuthState, getAuthToken, reportUnauthorized, subscribeAuthState } from '../lib/settings/auth-token';
import { eventRingSize } from '../lib/sessions/operator-config';
import { queryClient } from '../lib/api/query-client';
import { applySessionSummaries, refreshAllSessionData, refreshSessionSummaries, sessionsWithHistory } from '../lib/sessions/session-cache';
import { pushedEventsCache } from '../lib/sessions/pushed-events-cache';
import { browserSocket } from './client/browser-socket';
import { LiveClient } from './client/live-client';
import { LIVE_PATH, liveSocketUrl } from './client/live-url';
import { FrameBuffer } from './frame-buffer';
import type { LiveOp } from './live-types';
import { storedEntriesOf } from './stored-entries';
import {
  applyLiveFrame,
  configureLive,
  recordDroppedEvents,
  recordFreshStart,
  recordInvalidEvent,
  recordServerError,
  setConnectionStatus,
} from './store/live-actions';

// The module-level wiring of the one live socket: client -> frame buffer ->
// zustand (ephemeral state) and TanStack Query (summaries, and stored events
// into their session's history). Started once by the app, outside React, so
// re-renders and StrictMode cannot open a second socket.

/** Told after each frame is applied; only the benchmark probe (`?bench`) sets it. */
let frameObserver: ((ops: readonly LiveOp[]) => void) | null = null;

export function observeAppliedFrames(observer: ((ops: readonly LiveOp[]) => void) | null): void {
  frameObserver = observer;
}

const pushedEvents = pushedEventsCache(queryClient);

const buffer = new FrameBuffer(({ ops, summaries }) => {
  applyLiveFrame(ops);
  // One write per session per frame, however many events the frame carries. Both writes land in
  // this task, before React renders the store's update (after this callback); a query observer's
  // result is updated at once, so that one render reads the ring and the history of this frame.
  pushedEvents.write(storedEntriesOf(ops));
  applySessionSummaries(queryClient, summaries);
  frameObserver?.(ops);
});

/**
 * A browser is never told why a WebSocket upgrade failed. After one fails, the
 * same route is asked over plain HTTP, with the same token: a 401 or 403 means
 * a token is wanted, and the app prompts for one instead of retrying forever.
 */
async function probeLiveAuthorization(): Promise<void> {
  try {
    const response = await fetch(LIVE_PATH, { headers: authHeaders() });
    if (response.status === 401 || response.status === 403) {
      const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
      reportUnauthorized(response.status === 403 && typeof body?.error === 'string' ? body.error : undefined);
    }
  } catch {
    // The server is down: the client's back-off handles that.
  }
}

/** Contract drift shows up as a counter in the UI; the console gets the first few details. */
let invalidEventsLogged = 0;

const liveClient = new LiveClient({
  url: (cursor) => liveSocketUrl(window.location, cursor, getAuthToken()),
  socket: browserSocket,
  onFailedBeforeHello: () => void probeLiveAuthorization(),
  sink: {
    status: setConnectionStatus,
    op: (op) => buffer.pushOp(op),
    sessions: (summaries) => buffer.pushSummaries(summaries),
    caughtUp: (fresh) => {
      if (fresh) {
        recordFreshStart(sessionsWithHistory(queryClient));
        refreshAllSessionData(queryClient);
      } else {
        refreshSessionSummaries(queryClient);
      }
    },
    lagged: recordDroppedEvents,
    invalidEvent: (error) => {
      recordInvalidEvent();
      if (invalidEventsLogged++ < 5) console.warn(`[live] event refused: ${error}`);
    },
    serverError: (message) => {
      recordServerError(message);
      console.warn(`[live] ${message}`);
    },
  },
});

const onOnline = () => liveClient.setOnline(true);
let unsubscribeAuth: (() => void) | null = null;
const onOffline = () => liveClient.setOnline(false);

/** Opens the live socket (idempotent). */
export function startLiveConnection(): void {
  configureLive({ recentCapacity: eventRingSize });
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  liveClient.setOnline(navigator.onLine);
  // Paused while the prompt asks for a token; a new token reconnects at once.
  unsubscribeAuth ??= subscribeAuthState(() => liveClient.setAuthorized(!getAuthState().required));
  liveClient.start();
}

/** The connection indicator's "Retry now": skips the rest of the back-off delay. */
export function retryLiveConnectionNow(): void {
  liveClient.retryNow();
}

export function stopLiveConnection(): void {
  window.removeEventListener('online', onOnline);
  window.removeEventListener('offline', onOffline);
  unsubscribeAuth?.();
  unsubscribeAuth = null;
  liveClient.stop();
  buffer.discard();
}

// During development a hot update re-runs this module: close the old socket first.
import.meta.hot?.dispose(stopLiveConnection);
