import type { DemoDataRemoval } from './demo-sessions';
import { changesOf, rowsOf, type SqlSteps } from './sql-steps';
import type { StoreSql } from './store-sql';

// The demo_sessions table (./demo-sessions.ts) for both stores: marking a batch's new
// demo sessions, counting them, and removing everything they left. Each store runs the
// steps inside its own transaction.

/** Every table keyed by session that a demo session can have rows in, besides events and sessions. */
const sessionTables = ['rlm_completions', 'compactions', 'rlm_fallbacks', 'context_samples', 'usage_hourly', 'budgets'] as const;

/** Marks sessions as demo sessions; inside the batch's transaction, before its rows are written. */
export function* markDemoSessions({ db }: StoreSql, sessionIds: readonly string[]): SqlSteps<void> {
  if (sessionIds.length === 0) return;
  yield* changesOf(
    db
      .insertInto('demo_sessions')
      .values(sessionIds.map((session_id) => ({ session_id })))
      .onConflict((conflict) => conflict.doNothing()),
  );
}

export async function countDemoSessions({ db }: StoreSql): Promise<number> {
  const row = await db.selectFrom('demo_sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes every demo session's rows; run inside one transaction that no batch commits through. */
export function* removeDemoData({ db }: StoreSql): SqlSteps<DemoDataRemoval> {
  const demoIds = db.selectFrom('demo_sessions').select('session_id');
  const sessionIds = (yield* rowsOf(demoIds)).map((row) => row.session_id);
  // token_usage has no session index: its rows go by the cursors of the sessions' events.
  yield* changesOf(db.deleteFrom('token_usage').where('cursor', 'in', db.selectFrom('events').select('cursor').where('session_id', 'in', demoIds)));
  for (const table of sessionTables) yield* changesOf(db.deleteFrom(table).where('session_id', 'in', demoIds));
  const events = yield* changesOf(db.deleteFrom('events').where('session_id', 'in', demoIds));
  yield* changesOf(db.deleteFrom('sessions').where('session_id', 'in', demoIds));
  // usage_model_hourly never held demo usage, so it has nothing to give back.
  yield* changesOf(db.deleteFrom('demo_sessions'));
  return { sessions: sessionIds.length, events, sessionIds };
}
