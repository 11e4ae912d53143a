import type { DemoDataRemovalReply, DemoDataStatus } from '../../../protocol/demo-data-schemas';

// The notice's words, from the server's figures. Pure, so they are tested without a browser.

const sessions = (n: number) => `${n} demo session${n === 1 ? '' : 's'}`;

/** What removing will do: the sessions, and stopping the demo when this server runs it (or it refills them). */
export function confirmText(status: DemoDataStatus): string {
  return `Remove ${sessions(status.sessions)}${status.demo_running ? ' and stop the running demo' : ''}? Their events, usage and summaries are deleted; this cannot be undone.`;
}

/** What removing did. */
export function resultText(reply: DemoDataRemovalReply): string {
  const stopped = reply.demo_stopped ? ' The demo was stopped; start the server again to bring it back.' : '';
  return `Removed ${sessions(reply.removed_sessions)} (${reply.removed_events} stored events).${stopped}`;
}
