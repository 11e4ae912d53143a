import type { SessionEvent } from '../protocol/event-schemas';
import type { SessionPresent } from '../protocol/live-present/present-state';
import type { LiveStatusFacts } from '../protocol/session-status';

/** One event as the live client hands it on: validated, with its store cursor (null for ephemeral events). */
export interface LiveEventEntry {
  cursor: number | null;
  event: SessionEvent;
}

/**
 * What the socket handler queues for the next frame, in arrival order:
 * - `events`: apply on top of the present state;
 * - `snapshot`: the server's present ephemeral state of every followed session;
 *   it replaces ours (a reconnect may have missed ephemeral ticks).
 */
export type LiveOp = { kind: 'events'; entries: LiveEventEntry[] } | { kind: 'snapshot'; entries: LiveEventEntry[] };

export type ConnectionStatus =
  /** First connection under way. */
  | { kind: 'connecting' }
  /** `hello` received; `replaying` until the server has sent what we missed. */
  | { kind: 'live'; replaying: boolean }
  /**
   * Lost; `retryAt` is when the next attempt starts (ms epoch), null while it is
   * under way; `delayMs` is the wait chosen then, so a countdown never shows more.
   */
  | { kind: 'reconnecting'; attempt: number; retryAt: number | null; delayMs: number | null }
  /** The browser reports no network: nothing is attempted until it is back. */
  | { kind: 'offline' }
  /** The server wants a (valid) read token: nothing is attempted until one is given. */
  | { kind: 'unauthorized' };

/**
 * One session as the live store holds it: its present (the shared fold,
 * src/protocol/live-present/) and its recent ephemeral events for its timeline.
 * Facts the server keeps (status, token totals, counts, stored events) live in
 * the TanStack Query cache, not here.
 */
export interface SessionLive {
  sessionId: string;
  present: SessionPresent;
  /**
   * Recent ephemeral events (cursor null), ascending seq, at most `recentCapacity`:
   * they exist only in this browser, so they are kept here, for every followed
   * session, until its timeline shows them beside its stored events.
   */
  recentEphemeral: LiveEventEntry[];
}

export interface LiveSessionsState {
  /** A Map, never a plain object: session ids such as `__proto__` or `constructor` are data. */
  byId: ReadonlyMap<string, SessionLive>;
  /** Session ids in the order they were first seen live. */
  ids: readonly string[];
  /**
   * Each session's status facts, kept by identity while equal (a text chunk
   * changes none of them), so the overview and headers re-render only when a
   * status could change. Derived once per frame, for the sessions it touched.
   */
  statusFacts: ReadonlyMap<string, LiveStatusFacts>;
}
