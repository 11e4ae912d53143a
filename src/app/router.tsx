import { createBrowserRouter } from 'react-router';
import { prefetchSessionPage } from '../features/session/api/prefetch-session-page';
import { prefetchUsageView } from '../features/usage/api/prefetch-usage-view';
import { queryClient } from '../lib/api/query-client';
import { RootLayout } from './layout/root-layout';
import { NotFoundPage } from './routes/not-found-page';
import { RouteError } from './routes/route-error';
import { pageRoutes } from './page-routes';

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
            lazy: pageRoutes.sessions.load,
          },
          {
            path: pageRoutes.session.path,
            // Runs beside the lazy import, like the Cost page's.
            loader: ({ params }) => {
              if (params.sessionId) prefetchSessionPage(queryClient, params.sessionId);
              return null;
            },
            lazy: pageRoutes.session.load,
          },
          {
            path: pageRoutes.usage.path,
            // Runs beside the lazy import: the page's reads start while its code loads.
            loader: ({ request }) => {
              prefetchUsageView(queryClient, new URL(request.url).searchParams);
              return null;
            },
            lazy: pageRoutes.usage.load,
          },
          { path: pageRoutes.rlm.path, lazy: pageRoutes.rlm.load },
          { path: pageRoutes.compaction.path, lazy: pageRoutes.compaction.load },
          { path: pageRoutes.alerts.path, lazy: pageRoutes.alerts.load },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
