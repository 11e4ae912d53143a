import { describe, expect, it } from 'vitest';
import { sessionListQuerySchema } from '../../protocol/api-queries';
import type { SessionList, SessionSummary } from '../../protocol/api-schemas';
import { operatorStatusKinds } from '../../protocol/session-status';
import { mergeSummariesIntoList, mergeSummariesIntoPages, type SessionPages } from './session-list-merge';
import { makeSummary } from '../../test-support/fixtures';

const defaults = sessionListQuerySchema.parse({});
const ids = (list: SessionList) => list.sessions.map((s) => s.session_id);
const noCounts = Object.fromEntries(operatorStatusKinds.map((k) => [k, 0])) as SessionList['status_counts'];
const listOf = (sessions: SessionSummary[], total = sessions.length, nextCursor: string | null = null): SessionList => ({
  sessions,
  total,
  next_cursor: nextCursor,
  status_counts: noCounts,
  server_time_ms: 0,
});

describe('mergeSummariesIntoList', () => {
  const a = makeSummary({ session_id: 'a', last_seen_ms: 3_000 });
  const b = makeSummary({ session_id: 'b', last_seen_ms: 2_000 });
  const whole = listOf([a, b]);

  it('replaces a row and re-sorts by the list order', () => {
    const fresher = { ...b, last_seen_ms: 9_000, event_count: 99 };
    const { list, needsRefetch } = mergeSummariesIntoList(whole, [fresher], defaults);
    expect(ids(list)).toEqual(['b', 'a']);
    expect(list.sessions[0]).toBe(fresher);
    expect(needsRefetch).toBe(false);
  });

  it('inserts a new session when the list holds the whole result', () => {
    const c = makeSummary({ session_id: 'c', last_seen_ms: 2_500 });
    const { list, needsRefetch } = mergeSummariesIntoList(whole, [c], defaults);
    expect(ids(list)).toEqual(['a', 'c', 'b']);
    expect(list.total).toBe(3);
    expect(needsRefetch).toBe(false);
  });

  it('keeps the list within its limit while counting the new total', () => {
    const c = makeSummary({ session_id: 'c', last_seen_ms: 9_000 });
    const { list } = mergeSummariesIntoList(whole, [c], { ...defaults, limit: 2 });
    expect(ids(list)).toEqual(['c', 'a']);
    expect(list.total).toBe(3);
  });

  it('leaves operator statuses and text to the server: rows are replaced, the list is re-read', () => {
    const done = { ...a, status: 'done' as const };
    const byStatus = mergeSummariesIntoList(whole, [done], { ...defaults, status: ['idle'] });
    expect(byStatus.list.sessions).toContain(done);
    expect(byStatus.needsRefetch).toBe(true);
    const searched = mergeSummariesIntoList(whole, [makeSummary({ session_id: 'c' })], { ...defaults, q: 'deploy' });
    expect(searched.list).toBe(whole);
    expect(searched.needsRefetch).toBe(true);
  });

  it('asks for a refetch when more pages exist, or the sort is by status', () => {
    const partial = listOf([a, b], 5, 'next');
    expect(mergeSummariesIntoList(partial, [makeSummary({ session_id: 'z' })], defaults).needsRefetch).toBe(true);
    expect(mergeSummariesIntoList(whole, [{ ...a, last_seen_ms: 1 }], { ...defaults, sort: 'status' }).needsRefetch).toBe(true);
  });

  it('sorts by other keys with a stable tie-break, nulls last either way', () => {
    const x = makeSummary({ session_id: 'x', title: 'beta', prompt_tokens: 10, completion_tokens: 0, cost_usd: 1 });
    const y = makeSummary({ session_id: 'y', title: null, prompt_tokens: 10, completion_tokens: 0, cost_usd: null });
    const z = makeSummary({ session_id: 'z', title: 'Alpha', prompt_tokens: 50, completion_tokens: 0, cost_usd: 0.5 });
    const list = listOf([x, y]);
    expect(ids(mergeSummariesIntoList(list, [z], { ...defaults, sort: 'title', order: 'asc' }).list)).toEqual(['z', 'x', 'y']);
    expect(ids(mergeSummariesIntoList(list, [z], { ...defaults, sort: 'title', order: 'desc' }).list)).toEqual(['x', 'z', 'y']);
    expect(ids(mergeSummariesIntoList(list, [z], { ...defaults, sort: 'tokens', order: 'desc' }).list)).toEqual(['z', 'x', 'y']);
    expect(ids(mergeSummariesIntoList(list, [z], { ...defaults, sort: 'cost', order: 'asc' }).list)).toEqual(['z', 'x', 'y']);
  });

  it('returns the same list when nothing applies', () => {
    expect(mergeSummariesIntoList(whole, [], defaults).list).toBe(whole);
  });
});

describe('mergeSummariesIntoPages', () => {
  const a = makeSummary({ session_id: 'a', last_seen_ms: 3_000 });
  const b = makeSummary({ session_id: 'b', last_seen_ms: 2_000 });
  const c = makeSummary({ session_id: 'c', last_seen_ms: 1_000 });
  const paged: SessionPages = { pages: [listOf([a, b], 3, 'p2'), listOf([c], 3)], pageParams: [null, 'p2'] };

  it('puts a fresh summary where its row stands (the table decides when rows move) and has the pages re-read', () => {
    const fresher = { ...c, last_seen_ms: 9_000 };
    const { list, needsRefetch } = mergeSummariesIntoPages(paged, [fresher]);
    expect(list.pages.map((page) => page.sessions.map((s) => s.session_id))).toEqual([['a', 'b'], ['c']]);
    expect(list.pages[1]!.sessions[0]).toBe(fresher);
    // The untouched page keeps its identity: its rows do not re-render.
    expect(list.pages[0]).toBe(paged.pages[0]);
    expect(needsRefetch).toBe(true);
  });

  it('has the pages re-read for a session it does not hold (it may belong in them, and the counts moved)', () => {
    const { list, needsRefetch } = mergeSummariesIntoPages(paged, [makeSummary({ session_id: 'new' })]);
    expect(list).toBe(paged);
    expect(needsRefetch).toBe(true);
  });
});
