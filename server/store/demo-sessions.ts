import { sql, type Expression, type SqlBool } from 'kysely';
import { DEMO_PRODUCER } from '#protocol/demo-producer';
import type { IngestItem } from '../ingest/ingest-item';

// Demo sessions (src/protocol/demo-producer.ts) in the store, dialect-free: which of a
// batch's sessions are demo sessions, and when a read leaves them out. Each store keeps
// the ids in a `demo_sessions` table (one row per demo session, written once, when the
// session is first marked) and keeps their usage out of the session-less hourly rollup
// `usage_model_hourly`, so the default totals read it as they always did; a read that
// includes the demo takes the per-session rollup, which holds every session.

export interface BatchDemoSessions {
  /** The batch's sessions that are demo sessions once it commits. */
  demo: ReadonlySet<string>;
  /** Those of them not marked before this batch: to be written to `demo_sessions`. */
  newlyMarked: string[];
}

const noDemo: BatchDemoSessions = Object.freeze({ demo: new Set<string>(), newlyMarked: [] });

/**
 * The summary's rule (session-summary.ts keeps the first producer a session names),
 * decided before the batch is written so its usage rows know where they go.
 * `committedProducer` is a session's producer before this batch (undefined: new).
 * The demo names itself on every event, so a demo session is one from its first event;
 * a session that named no producer and later names `demo` would be marked then, with
 * its earlier usage already in the totals (no producer does that).
 */
export function demoSessionsOf(
  items: readonly IngestItem[],
  committedProducer: (sessionId: string) => string | null | undefined,
): BatchDemoSessions {
  // Each session's producer before the batch, and after the items so far (null: none named yet).
  const before = new Map<string, string | null>();
  const after = new Map<string, string | null>();
  let anyDemo = false;
  for (const item of items) {
    const sessionId = item.event.session_id;
    let producer = after.get(sessionId);
    if (producer === undefined) {
      producer = committedProducer(sessionId) ?? null;
      before.set(sessionId, producer);
      after.set(sessionId, producer);
    }
    if (producer === null && item.event.producer !== undefined) {
      producer = item.event.producer;
      after.set(sessionId, producer);
    }
    if (producer === DEMO_PRODUCER) anyDemo = true;
  }
  // The common case (no demo session in the batch) allocates nothing more.
  if (!anyDemo) return noDemo;
  const demo = new Set<string>();
  const newlyMarked: string[] = [];
  for (const [sessionId, producer] of after) {
    if (producer !== DEMO_PRODUCER) continue;
    demo.add(sessionId);
    if (before.get(sessionId) !== DEMO_PRODUCER) newlyMarked.push(sessionId);
  }
  return { demo, newlyMarked };
}

/**
 * Whether a read leaves demo sessions out: by default, so fake sessions never mix into
 * real costs; `include_demo=true` keeps them, and so does naming sessions (a demo
 * session's own page shows its own cost).
 */
export const excludesDemo = (query: { include_demo?: boolean; session?: unknown }): boolean =>
  query.include_demo !== true && query.session === undefined;

/** The condition that leaves demo sessions out, on a table's `session_id` column (the same SQL in both dialects). */
export const notDemoSession = (column: string): Expression<SqlBool> => sql<SqlBool>`${sql.ref(column)} NOT IN (SELECT session_id FROM demo_sessions)`;

/** What `removeDemoData` deleted. */
export interface DemoDataRemoval {
  sessions: number;
  events: number;
  /** The removed sessions, for state kept outside the store (the live hub's present). */
  sessionIds: string[];
}
