import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createQueryClient } from '../lib/api/query-client';

export interface RenderAppOptions {
  /** Where the router starts. */
  path?: string;
  /** A client the test holds on to; by default a fresh one with the app's own defaults. */
  queryClient?: QueryClient;
}

/**
 * Renders `ui` as the app does: a real QueryClient with the app's defaults (a
 * fresh one per test, so no cache leaks between tests) and a memory router on
 * every path, so links navigate and `router.state.location` says where to.
 */
export function renderApp(ui: ReactNode, { path = '/', queryClient = createQueryClient() }: RenderAppOptions = {}) {
  const router = createMemoryRouter([{ path: '*', element: ui }], { initialEntries: [path] });
  const user = userEvent.setup();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, router, queryClient, user };
}
