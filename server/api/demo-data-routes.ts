import type { FastifyInstance } from 'fastify';
import type { DemoDataRemovalReply, DemoDataStatus } from '#protocol/demo-data-schemas';
import type { DemoControl } from '../demo/demo-control';

export interface DemoDataRouteDeps {
  demo: DemoControl;
  /** Called with the removed sessions' ids, so live state forgets them too. */
  onRemoved?: (sessionIds: readonly string[]) => void;
}

/**
 * The built-in demo's data as a whole: whether there is any, and removing it in one
 * step. DELETE needs a `read` token where tokens are configured, like every other
 * write from the dashboard (the budget PUT): server/security/auth.ts.
 */
export function registerDemoDataRoutes(app: FastifyInstance, deps: DemoDataRouteDeps): void {
  const { store } = app;
  const { demo } = deps;

  app.get('/api/v1/demo-data', async (): Promise<DemoDataStatus> => ({ sessions: await store.demoSessionCount(), demo_running: demo.running }));

  app.delete('/api/v1/demo-data', async (): Promise<DemoDataRemovalReply> => {
    // First, or the demo refills what goes: its last events are acknowledged (or given up) before it returns.
    const demoStopped = await demo.stop();
    const removed = await store.removeDemoData();
    deps.onRemoved?.(removed.sessionIds);
    return { removed_sessions: removed.sessions, removed_events: removed.events, demo_stopped: demoStopped };
  });
}
