import { demoDataRemovalSchema, type DemoDataRemovalReply } from '#protocol/demo-data-schemas';
import type { EventStore } from '../store/event-store';

// `demo remove`: the built-in demo's sessions out of a store in one step. Sent to the
// running server by default (it stops its own demo first, which would otherwise
// refill them); `--db`/`DATABASE_URL` remove them from a store no server has open.

export interface DemoRemoveOptions {
  /** Base URL of a Tether Watch server. */
  server: string;
  /** A `read` token for `server`, when it has tokens. */
  token?: string;
}

export interface DemoRemoveIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const describeRemoval = (reply: DemoDataRemovalReply): string =>
  `removed ${reply.removed_sessions} demo session${reply.removed_sessions === 1 ? '' : 's'} (${reply.removed_events} stored events)` +
  (reply.demo_stopped ? '; the running demo was stopped first' : '');

/** Asks a server to remove its demo data; the exit status (0, or 1 when the server could not). */
export async function removeDemoDataFromServer(options: DemoRemoveOptions, io: DemoRemoveIo): Promise<number> {
  const url = new URL('/api/v1/demo-data', options.server);
  let response: Response;
  try {
    response = await fetch(url, { method: 'DELETE', headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` } });
  } catch (err) {
    io.stderr.write(`tether-watch demo remove: cannot reach ${options.server} (${(err as Error).message}); is the server running? Use --db for a store no server has open\n`);
    return 1;
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: unknown } | null)?.error;
    io.stderr.write(`tether-watch demo remove: ${options.server} answered ${response.status}${typeof error === 'string' ? `: ${error}` : ''}\n`);
    return 1;
  }
  io.stdout.write(`${describeRemoval(demoDataRemovalSchema.parse(body))}\n`);
  return 0;
}

/** Removes the demo data from a store opened here (no server may have it open: SQLite refuses a second writer). */
export async function removeDemoDataFromStore(store: EventStore, io: DemoRemoveIo): Promise<number> {
  try {
    const removed = await store.removeDemoData();
    io.stdout.write(`${describeRemoval({ removed_sessions: removed.sessions, removed_events: removed.events, demo_stopped: false })}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
