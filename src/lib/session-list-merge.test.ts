import { describe, expect, it } from 'vitest';
import { sessionListQuerySchema } from '../protocol/api-queries';
import type { SessionList } from '../protocol/api-schemas';
import { mergeSummariesIntoList } from './session-list-merge';
import { makeSummary } from './test-fixtures';

const defaults = sessionListQuerySchema.parse({});
const ids = (list: SessionList) => list.sessions.map((s) => s.session_id);

describe('mergeSummariesIntoList', () => {
  const a = makeSummary({ session_id: 'a', last_seen_ms: 3_000 });
  const b = makeSummary({ session_id: 'b', last_seen_ms: 2_000 });
  const whole: SessionList = { sessions: [a, b], total: 2 };

  it('replaces a row and re-sorts by the list order', () => {
    const fresher = { ...b, last_seen_ms: 9_000, event_count: 99 };
    const { list, needsRefetch } = mergeSummariesIntoList(whole, [fresher], defaults);
    expect(ids(list)).toEqual(['b', 'a']);
    expect(list.sessions[0]).toBe(fresher);
    expect(needsRefetch).toBe(false);
  });

  it('inserts a new session when the page holds the whole result', () => {
    const c = makeSummary({ session_id: 'c', last_seen_ms: 2_500 });
    const { list, needsRefetch } = mergeSummariesIntoList(whole, [c], defaults);
    expect(ids(list)).toEqual(['a', 'c', 'b']);
    expect(list.total).toBe(3);
    expect(needsRefetch).toBe(false);
  });

  it('keeps the page within its limit while counting the new total', () => {
    const c = makeSummary({ session_id: 'c', last_seen_ms: 9_000 });
    const { list } = mergeSummariesIntoList(whole, [c], { ...defaults, limit: 2 });
    expect(ids(list)).toEqual(['c', 'a']);
    expect(list.total).toBe(3);
  });

  it('drops a row whose status leaves the filter', () => {
    const filters = { ...defaults, status: ['active' as const] };
    const { list, needsRefetch } = mergeSummariesIntoList(whole, [{ ...a, status: 'done' }], filters);
    expect(ids(list)).toEqual(['b']);
    expect(list.total).toBe(1);
    expect(needsRefetch).toBe(false);
  });

  it('ignores a new session the status filter excludes', () => {
    const filters = { ...defaults, status: ['error' as const] };
    const result = mergeSummariesIntoList({ sessions: [], total: 0 }, [a], filters);
    expect(result.list.sessions).toEqual([]);
    expect(result.needsRefetch).toBe(false);
  });

  it('leaves text filters to the server', () => {
    const c = makeSummary({ session_id: 'c' });
    const result = mergeSummariesIntoList(whole, [c], { ...defaults, q: 'deploy' });
    expect(result.list).toBe(whole);
    expect(result.needsRefetch).toBe(true);
  });

  it('asks for a refetch when a partial page would need back-filling', () => {
    const partial: SessionList = { sessions: [a, b], total: 5 };
    const filters = { ...defaults, status: ['active' as const] };
    expect(mergeSummariesIntoList(partial, [{ ...a, status: 'error' }], filters).needsRefetch).toBe(true);
    expect(mergeSummariesIntoList(partial, [makeSummary({ session_id: 'z' })], defaults).needsRefetch).toBe(true);
  });

  it('asks for a refetch on later pages, where rows can cross page boundaries', () => {
    const { needsRefetch } = mergeSummariesIntoList(whole, [{ ...a, last_seen_ms: 1 }], { ...defaults, offset: 100 });
    expect(needsRefetch).toBe(true);
  });

  it('sorts by other keys with a stable tie-break', () => {
    const x = makeSummary({ session_id: 'x', title: 'beta', prompt_tokens: 10, completion_tokens: 0 });
    const y = makeSummary({ session_id: 'y', title: null, prompt_tokens: 10, completion_tokens: 0 });
    const z = makeSummary({ session_id: 'z', title: 'Alpha', prompt_tokens: 50, completion_tokens: 0 });
    const list: SessionList = { sessions: [x, y], total: 2 };
    expect(ids(mergeSummariesIntoList(list, [z], { ...defaults, sort: 'title', order: 'asc' }).list)).toEqual(['z', 'x', 'y']);
    expect(ids(mergeSummariesIntoList(list, [z], { ...defaults, sort: 'tokens', order: 'desc' }).list)).toEqual(['z', 'x', 'y']);
  });

  it('returns the same list when nothing applies', () => {
    expect(mergeSummariesIntoList(whole, [], defaults).list).toBe(whole);
  });
});
