import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sessionListQuerySchema } from '../src/protocol/api-queries';
import type { SessionSummary } from '../src/protocol/api-schemas';
import { sessionActivityKinds } from '../src/protocol/session-activity';
import { emptySummary } from '../server/store/session-summary';
import { openDatabase } from '../server/store/sqlite/open-database';
import { createSqliteStore } from '../server/store/sqlite/sqlite-store';
import { writeResults } from './results-file';
import { median, round } from './stats';

// The fleet overview's question over a large fleet: one filtered, sorted page of
// GET /api/v1/sessions (operator status derived in SQL, sorted by cost) with the
// per-status counts of the whole fleet, answered in-process by the SQLite store.
// Measured beside a reference in the same run, the unfiltered default page (newest
// first, counts included), so a busy machine moves both.

const minute = 60_000;
const agents = ['build', 'plan', 'review', 'research', 'ops'];
const models = ['anthropic/claude-sonnet-4-5', 'anthropic/claude-haiku-4-5', 'openai/gpt-4o', 'openai/gpt-4o-mini', 'google/gemini-2.5-pro', 'deepseek/deepseek-chat'];

/** A deterministic pseudo-random sequence (mulberry32), so every run seeds the same fleet. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `sessions` summaries as ingest would have left them: a week of history, most
 * ended, a quarter not (some silent past the stall or abandoned thresholds), each
 * with a title, agent, model, tokens and (nine in ten) a cost. Rows go straight into
 * the table through its own schema: folding millions of events would measure ingest.
 */
export async function seedSessions(filePath: string, count: number, nowMs: number): Promise<number> {
  const started = performance.now();
  // The store's own schema (openDatabase runs its migrations), then the rows.
  const db = await openDatabase(filePath);
  try {
    const next = random(14);
    const insert = db.prepare(
      `INSERT INTO sessions (session_id, title, agent, model, producer, status, activity, activity_since_ms,
         first_seen_ms, last_seen_ms, total_tokens, event_count, summary_json, cost_usd, unpriced_tokens)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const lastSeen = Math.round(nowMs - next() ** 3 * 7 * 24 * 60 * minute);
        const roll = next();
        const status: SessionSummary['status'] = roll < 0.7 ? 'done' : roll < 0.75 ? 'error' : 'active';
        const activity = status === 'active' ? sessionActivityKinds[Math.floor(next() * sessionActivityKinds.length)]! : 'idle';
        const summary = emptySummary(`bench-${i.toString(36).padStart(6, '0')}-${Math.floor(next() * 1e9).toString(36)}`, lastSeen - Math.round(next() * 90 * minute));
        Object.assign(summary, {
          title: `Task ${i}: ${agents[i % agents.length]} the ${models[i % models.length]} backlog`,
          agent: agents[Math.floor(next() * agents.length)]!,
          model: models[Math.floor(next() * models.length)]!,
          producer: 'codetether',
          status,
          activity,
          activity_since_ms: activity === 'awaiting_approval' ? lastSeen : null,
          last_seen_ms: lastSeen,
          last_seq: 40 + Math.floor(next() * 400),
          event_count: 40 + Math.floor(next() * 400),
          stored_event_count: 30,
          prompt_tokens: Math.floor(next() * 2_000_000),
          completion_tokens: Math.floor(next() * 200_000),
          last_event_type: status === 'active' ? 'tool_heartbeat' : status,
        });
        summary.tokens_by_source = { root: { prompt_tokens: summary.prompt_tokens, completion_tokens: summary.completion_tokens, calls: 12 } };
        summary.cost_usd = next() < 0.1 ? null : round(next() * 40, 4);
        insert.run(
          summary.session_id, summary.title, summary.agent, summary.model, summary.producer, summary.status, summary.activity, summary.activity_since_ms,
          summary.first_seen_ms, summary.last_seen_ms, summary.prompt_tokens + summary.completion_tokens, summary.event_count, JSON.stringify(summary),
          summary.cost_usd, 0,
        );
      }
    })();
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
  return (performance.now() - started) / 1000;
}

export interface SessionsQueryBenchResult {
  queryMs: number;
  referenceMs: number;
  ratio: number;
  queryRunsMs: number[];
  referenceRunsMs: number[];
  seedSeconds: number;
  matched: number;
}

/** The page the figure times: what an operator asks of a big fleet ("what is running, dearest first"). */
export const benchQuery = { status: 'active', sort: 'cost', order: 'desc', limit: '100' } as const;

export async function benchSessionsQuery(sessions: number, runs: number): Promise<SessionsQueryBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-sessions-bench-'));
  try {
    const filePath = path.join(dir, 'sessions.db');
    const nowMs = Date.now();
    const seedSeconds = await seedSessions(filePath, sessions, nowMs);
    const store = await createSqliteStore({ path: filePath });
    try {
      const clock = { nowMs, abandonedAfterMs: 30 * minute };
      const query = sessionListQuerySchema.parse(benchQuery);
      const reference = sessionListQuerySchema.parse({});
      // Warm-up: prepares the statements and pages the index into the cache, as a running server would have.
      let matched = 0;
      for (let i = 0; i < 3; i++) {
        matched = (await store.listSessions(query, clock)).total;
        await store.listSessions(reference, clock);
      }
      const queryRunsMs: number[] = [];
      const referenceRunsMs: number[] = [];
      // Interleaved, so a burst of load elsewhere hits both.
      for (let i = 0; i < runs; i++) {
        let started = performance.now();
        await store.listSessions(reference, clock);
        referenceRunsMs.push(performance.now() - started);
        started = performance.now();
        await store.listSessions(query, clock);
        queryRunsMs.push(performance.now() - started);
      }
      const queryMs = median(queryRunsMs);
      const referenceMs = median(referenceRunsMs);
      return { queryMs, referenceMs, ratio: queryMs / referenceMs, queryRunsMs, referenceRunsMs, seedSeconds, matched };
    } finally {
      await store.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `BENCH_ONLY=sessions`: BENCH_SESSIONS (default 100,000) sessions; writes `sessions_query_100k_ms`, its reference and their ratio. */
export async function runSessionsQueryBench(runs: number): Promise<void> {
  const sessions = Number(process.env.BENCH_SESSIONS ?? 100_000);
  const results: SessionsQueryBenchResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await benchSessionsQuery(sessions, 9);
    results.push(r);
    console.log(
      `  sessions query run ${i + 1}/${runs}: ${round(r.queryMs)} ms (reference ${round(r.referenceMs)} ms, ratio ${round(r.ratio, 2)}), ` +
        `${r.matched} matched; seeded in ${round(r.seedSeconds, 1)} s`,
    );
  }
  const figure = round(median(results.map((r) => r.queryMs)));
  const reference = round(median(results.map((r) => r.referenceMs)));
  const ratio = round(median(results.map((r) => r.ratio)), 2);
  console.log(
    `\n  sessions query     ${figure} ms median: ?status=active&sort=cost over ${sessions.toLocaleString('en')} sessions, with per-status counts   target <= 50 ms   ${figure <= 50 ? 'met' : 'MISSED'}`,
  );
  console.log(`                     reference (unfiltered default page, counts included) ${reference} ms; ratio ${ratio}`);
  writeResults(
    { sessions_query_100k_ms: figure, sessions_query_reference_100k_ms: reference, sessions_query_ratio: ratio },
    { sessions_query_sessions: sessions, sessions_query_runs: runs },
  );
}
