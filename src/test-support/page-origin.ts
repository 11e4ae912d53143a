import { vi } from 'vitest';
import NodeWebSocket from 'ws';

/** The part of vitest's jsdom instance (the `jsdom` global of the jsdom environment) these tests use. */
interface JsdomHandle {
  reconfigure(settings: { url: string }): void;
}

/**
 * Makes `origin` the page's own origin, as when the server serves the SPA: the
 * app's relative fetches (`/api/v1/...`) and the live socket URL (built from
 * `window.location`) then reach it. jsdom's page has no origin of its own to
 * fetch from, and Node's fetch refuses relative URLs, so fetch resolves them
 * against the page, as a browser does; nothing else about it changes.
 *
 * The page's WebSocket is the `ws` client, sending the page's origin as a
 * browser does. Not jsdom's own: it keeps the origin it was created with
 * (reconfigure does not move it, so the server refuses the socket as
 * cross-site), and its undici socket dispatches jsdom's `Event` on Node's
 * EventTarget when a connection fails, an error outside any test.
 */
export function servePageFrom(origin: string): void {
  const jsdom = (globalThis as { jsdom?: JsdomHandle }).jsdom;
  if (!jsdom) throw new Error('servePageFrom needs the jsdom environment (a *.test.tsx file)');
  jsdom.reconfigure({ url: new URL('/', origin).href });
  const pageOrigin = new URL(origin).origin;
  vi.stubGlobal(
    'WebSocket',
    class PageWebSocket extends NodeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { origin: pageOrigin });
      }
    },
  );
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) =>
    realFetch(typeof input === 'string' ? new URL(input, window.location.href) : input, init),
  );
}

/** Records the URL of every request the page makes from now on (passing each through unchanged). */
export function recordRequests(): URL[] {
  const requests: URL[] = [];
  const inner = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    requests.push(new URL(typeof input === 'string' || input instanceof URL ? input : input.url, window.location.href));
    return inner(input, init);
  });
  return requests;
}
