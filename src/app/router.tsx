import { createBrowserRouter } from 'react-router';
import { prefetchSessionPage } from '../features/session/api/prefetch-session-page';
import { prefetchUsageView } from '../features/usage/api/prefetch-usage-view';
import { queryClient } from '../lib/api/query-client';
import { RootLayout } from './layout/root-layout';
import { NotFoundPage } from './routes/not-found-page';
import { RouteError } from './routes/route-error';

// Pages load on demand: the shell and the live socket start at once, and the
// session page's virtualiser is only fetched by those who open a session.
export const router = createBrowserRouter([
  {
    path: '/',
    element: <RootLayout />,
    // Last resort, if the shell itself fails.
    errorElement: <RouteError />,
    // Shown for the moment the first page's code is loading.
    hydrateFallbackElement: <p className="visually-hidden">Loading Tether Watch…</p>,
    children: [
      {
        // Pathless: a page that throws is replaced inside the shell, not the whole app.
        errorElement: <RouteError />,
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./routes/sessions-route')).SessionsRoute }),
          },
          {
            path: 'sessions/:sessionId',
            // Runs beside the lazy import, like the Cost page's.
            loader: ({ params }) => {
              if (params.sessionId) prefetchSessionPage(queryClient, params.sessionId);
              return null;
            },
            lazy: async () => ({ Component: (await import('./routes/session-route')).SessionRoute }),
          },
          {
            path: 'usage',
            // Runs beside the lazy import: the page's reads start while its code loads.
            loader: ({ request }) => {
              prefetchUsageView(queryClient, new URL(request.url).searchParams);
              return null;
            },
            lazy: async () => ({ Component: (await import('./routes/usage-route')).UsageRoute }),
          },
          {
            path: 'rlm',
            lazy: async () => ({ Component: (await import('./routes/rlm-route')).RlmRoute }),
          },
          {
            path: 'compaction',
            lazy: async () => ({ Component: (await import('./routes/compaction-route')).CompactionRoute }),
          },
          {
            path: 'alerts',
            lazy: async () => ({ Component: (await import('./routes/alerts-route')).AlertsRoute }),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
