import type { ComponentType } from 'react';
import type { ApiRead } from '../lib/api/api-url';
import { sessionPageFirstReads } from '../features/session/api/session-reads';
import { usageRead, usageViewFirstQueries } from '../features/usage/api/usage-reads';

// The app's pages in one place: where each lives, its code (loaded on demand),
// and the reads it makes first. The router (./router.tsx) is built from it, and
// so is the early entry (./early-start.ts), which starts a page's code and first
// reads while the rest of the app is still loading. This module must stay light:
// the early entry carries its own copy of everything it imports.

export interface PageRoute {
  /** The pattern under the root, as React Router reads it ('' for the index). */
  path: string;
  /** The page's code, as React Router's `lazy` wants it. */
  load: () => Promise<{ Component: ComponentType }>;
  /**
   * The API reads the page makes first, from its URL alone. Working them out must
   * need nothing heavy (no zod, no React): the early entry carries its own copy of
   * whatever this imports (the build refuses it past a few kilobytes), and when reads
   * needed the schemas they went out no sooner than the app's own (measured).
   */
  firstReads?: (params: Readonly<Record<string, string>>, search: URLSearchParams) => ApiRead[];
}

export const pageRoutes = {
  sessions: { path: '', load: async () => ({ Component: (await import('./routes/sessions-route')).SessionsRoute }) },
  session: {
    path: 'sessions/:sessionId',
    load: async () => ({ Component: (await import('./routes/session-route')).SessionRoute }),
    firstReads: ({ sessionId }) => (sessionId ? sessionPageFirstReads(sessionId) : []),
  },
  usage: {
    path: 'usage',
    load: async () => ({ Component: (await import('./routes/usage-route')).UsageRoute }),
    firstReads: (_params, search) => usageViewFirstQueries(search).map(usageRead),
  },
  rlm: { path: 'rlm', load: async () => ({ Component: (await import('./routes/rlm-route')).RlmRoute }) },
  compaction: { path: 'compaction', load: async () => ({ Component: (await import('./routes/compaction-route')).CompactionRoute }) },
  alerts: { path: 'alerts', load: async () => ({ Component: (await import('./routes/alerts-route')).AlertsRoute }) },
} satisfies Record<string, PageRoute>;

const segmentsOf = (path: string) => path.split('/').filter((segment) => segment !== '');

/** The page at `pathname` and its parameters, or null (React Router's own matching decides what renders; this only picks what to start early). */
export function matchPageRoute(pathname: string): { route: PageRoute; params: Record<string, string> } | null {
  const actual = segmentsOf(pathname);
  for (const route of Object.values(pageRoutes) as PageRoute[]) {
    const pattern = segmentsOf(route.path);
    if (pattern.length !== actual.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((segment, i) => {
      if (segment.startsWith(':')) {
        try {
          params[segment.slice(1)] = decodeURIComponent(actual[i]!);
          return true;
        } catch {
          return false;
        }
      }
      return segment === actual[i];
    });
    if (matches) return { route, params };
  }
  return null;
}
