import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '#protocol/api-schemas';
import { sessionSummarySchema } from '#protocol/api-schemas';
import type { IngestItem } from '../ingest/ingest-item';
import { applyEvent, cloneSummary, emptySummary, foldEventInto } from './session-summary';
import { makeItem, makeUnknownItem, sessionSyncItem, tokenUsageItem } from '../test-support/store-test-events';

const SID = 'sess-1';
const T0 = 1_700_000_000_000;

/** Folds `items` in order, starting from the empty summary at the first item's time. */
function foldAll(items: IngestItem[]): SessionSummary {
  return items.reduce((summary, item) => applyEvent(summary, item), emptySummary(SID, items[0]?.tsMs ?? T0));
}

describe('emptySummary', () => {
  it('is a valid, active summary with nothing counted', () => {
    const summary = emptySummary(SID, T0);
    expect(sessionSummarySchema.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({ session_id: SID, status: 'active', first_seen_ms: T0, last_seen_ms: T0, last_seq: 0, event_count: 0 });
  });
});

describe('applyEvent', () => {
  it('does not mutate its input, nested objects included', () => {
    const before = foldAll([tokenUsageItem(SID, 1, T0, { prompt_tokens: 10, completion_tokens: 1 })]);
    const snapshot = structuredClone(before);
    applyEvent(before, tokenUsageItem(SID, 2, T0 + 1, { prompt_tokens: 5, completion_tokens: 5 }));
    applyEvent(before, makeItem('token_estimate', SID, 3, T0 + 2));
    expect(before).toEqual(snapshot);
  });

  it('foldEventInto gives the same result as applyEvent', () => {
    const item = tokenUsageItem(SID, 1, T0, { prompt_tokens: 7, completion_tokens: 3 });
    const draft = emptySummary(SID, T0);
    foldEventInto(draft, item);
    expect(draft).toEqual(applyEvent(emptySummary(SID, T0), item));
  });

  it('cloneSummary copies the nested totals', () => {
    const summary = foldAll([tokenUsageItem(SID, 1, T0, { prompt_tokens: 7, completion_tokens: 3 }), makeItem('token_estimate', SID, 2, T0)]);
    const copy = cloneSummary(summary);
    expect(copy).toEqual(summary);
    expect(copy.tokens_by_source.root).not.toBe(summary.tokens_by_source.root);
    expect(copy.last_estimate).not.toBe(summary.last_estimate);
  });

  it('tracks first/last seen as min/max ts, whatever the arrival order', () => {
    const summary = foldAll([makeItem('text_complete', SID, 2, T0 + 500), makeItem('text_complete', SID, 1, T0 - 100), makeItem('text_complete', SID, 3, T0 + 200)]);
    expect(summary.first_seen_ms).toBe(T0 - 100);
    expect(summary.last_seen_ms).toBe(T0 + 500);
  });

  it('keeps last_seq and last_event_type of the highest seq', () => {
    const summary = foldAll([makeItem('text_complete', SID, 5, T0), makeItem('tool_call_start', SID, 3, T0 + 1)]);
    expect(summary.last_seq).toBe(5);
    expect(summary.last_event_type).toBe('text_complete');
    expect(applyEvent(summary, makeItem('thinking', SID, 6, T0 + 2))).toMatchObject({ last_seq: 6, last_event_type: 'thinking' });
  });

  it('keeps the last activity as last_event_type when a record (session save, usage) follows it', () => {
    // The agent saves its session file while it waits for an approval: the wait is not over.
    const waiting = foldAll([makeItem('approval_request', SID, 5, T0), makeItem('session_sync', SID, 6, T0 + 1), makeItem('token_usage', SID, 7, T0 + 2)]);
    expect(waiting).toMatchObject({ last_seq: 7, last_event_type: 'approval_request' });
  });

  it('counts every event, stored ones and unknown ones separately', () => {
    const summary = foldAll([
      makeItem('thinking', SID, 1, T0),
      makeItem('text_complete', SID, 2, T0),
      tokenUsageItem(SID, 3, T0, { prompt_tokens: 1, completion_tokens: 1 }),
      makeUnknownItem(SID, 4, T0),
    ]);
    expect(summary.event_count).toBe(4);
    expect(summary.stored_event_count).toBe(2);
    expect(summary.unknown_event_count).toBe(1);
  });

  it('takes title, agent and model from session_sync when present', () => {
    const synced = foldAll([sessionSyncItem(SID, 1, T0, { title: 'Fix the build', agent: 'build', model: 'openai/gpt-5' })]);
    expect(synced).toMatchObject({ title: 'Fix the build', agent: 'build', model: 'openai/gpt-5' });
    const partial = applyEvent(synced, sessionSyncItem(SID, 2, T0, { title: 'Renamed', agent: null }));
    expect(partial).toMatchObject({ title: 'Renamed', agent: 'build', model: 'openai/gpt-5' });
  });

  it('a session_sync model replaces a model learnt from usage', () => {
    const summary = foldAll([
      tokenUsageItem(SID, 1, T0, { model: 'a/first', prompt_tokens: 1, completion_tokens: 1 }),
      sessionSyncItem(SID, 2, T0, { model: 'b/synced' }),
    ]);
    expect(summary.model).toBe('b/synced');
  });

  it('token_estimate sets last_estimate and the model only when unknown', () => {
    const first = foldAll([makeItem('token_estimate', SID, 1, T0 + 9, { model: 'x/est', request_tokens: 5000, budget: 8000 })]);
    expect(first.last_estimate).toEqual({ model: 'x/est', request_tokens: 5000, budget: 8000, ts_ms: T0 + 9 });
    expect(first.model).toBe('x/est');
    const second = applyEvent(first, makeItem('token_estimate', SID, 2, T0 + 10, { model: 'y/other', request_tokens: 6000, budget: 8000 }));
    expect(second.last_estimate).toEqual({ model: 'y/other', request_tokens: 6000, budget: 8000, ts_ms: T0 + 10 });
    expect(second.model).toBe('x/est');
  });

  it('token_usage adds to the totals and to tokens_by_source', () => {
    const summary = foldAll([
      tokenUsageItem(SID, 1, T0, { source: 'root', model: 'm/root', prompt_tokens: 1000, completion_tokens: 100, cache_read_tokens: 400, cache_write_tokens: 50 }),
      tokenUsageItem(SID, 2, T0, { source: 'rlm_subcall', model: 'm/sub', prompt_tokens: 300, completion_tokens: 30 }),
      tokenUsageItem(SID, 3, T0, { source: 'root', model: 'm/root', prompt_tokens: 2000, completion_tokens: 200, cache_read_tokens: 1000 }),
    ]);
    expect(summary).toMatchObject({ prompt_tokens: 3300, completion_tokens: 330, cache_read_tokens: 1400, cache_write_tokens: 50, model: 'm/root' });
    expect(summary.tokens_by_source).toEqual({
      root: { prompt_tokens: 3000, completion_tokens: 300, calls: 2 },
      rlm_subcall: { prompt_tokens: 300, completion_tokens: 30, calls: 1 },
    });
  });

  it('counts usage_report as root usage from usage reports while the session has no token_usage, and names the model', () => {
    const summary = foldAll([
      makeItem('usage_report', SID, 1, T0, { model: 'legacy/m', prompt_tokens: 999, completion_tokens: 99 }),
      makeItem('usage_report', SID, 2, T0, { model: 'legacy/m', prompt_tokens: 1, completion_tokens: 1 }),
    ]);
    expect(summary).toMatchObject({
      prompt_tokens: 1000,
      completion_tokens: 100,
      model: 'legacy/m',
      usage_origin: 'usage_report',
      tokens_by_source: { root: { prompt_tokens: 1000, completion_tokens: 100, calls: 2 } },
    });
    const known = foldAll([sessionSyncItem(SID, 1, T0, { model: 'known/m' }), makeItem('usage_report', SID, 2, T0, { model: 'legacy/m' })]);
    expect(known.model).toBe('known/m');
  });

  it("a session's first token_usage withdraws its usage reports' tokens, and later usage reports never count twice", () => {
    const summary = foldAll([
      makeItem('usage_report', SID, 1, T0, { prompt_tokens: 500, completion_tokens: 50 }),
      tokenUsageItem(SID, 2, T0, { source: 'rlm_subcall', prompt_tokens: 10, completion_tokens: 1, cache_read_tokens: 3 }),
      makeItem('usage_report', SID, 3, T0, { prompt_tokens: 10, completion_tokens: 1 }),
    ]);
    expect(summary).toMatchObject({
      prompt_tokens: 10,
      completion_tokens: 1,
      cache_read_tokens: 3,
      usage_origin: 'token_usage',
      tokens_by_source: { rlm_subcall: { prompt_tokens: 10, completion_tokens: 1, calls: 1 } },
    });
    expect(summary.tokens_by_source.root).toBeUndefined();
  });

  it('keeps the first producer a session names', () => {
    const summary = foldAll([
      makeItem('thinking', SID, 1, T0),
      makeItem('thinking', SID, 2, T0, { producer: 'codetether' }),
      makeItem('thinking', SID, 3, T0, { producer: 'otlp' }),
    ]);
    expect(summary.producer).toBe('codetether');
    expect(foldAll([makeItem('thinking', SID, 1, T0)]).producer).toBeNull();
  });

  it('counts tool calls on tool_call_start only', () => {
    const summary = foldAll([makeItem('tool_call_start', SID, 1, T0), makeItem('tool_call_complete', SID, 2, T0), makeItem('tool_call_start', SID, 3, T0)]);
    expect(summary.tool_call_count).toBe(2);
  });

  it('error sets status error, last_error and counts it', () => {
    const summary = foldAll([makeItem('text_complete', SID, 1, T0), makeItem('error', SID, 2, T0, { error: 'rate limited' })]);
    expect(summary).toMatchObject({ status: 'error', last_error: 'rate limited', error_count: 1 });
  });

  it('done sets status done', () => {
    expect(foldAll([makeItem('text_complete', SID, 1, T0), makeItem('done', SID, 2, T0)]).status).toBe('done');
  });

  it('a new turn after done or error (thinking, text, a tool call) makes the session active again', () => {
    const done = foldAll([makeItem('done', SID, 1, T0)]);
    expect(applyEvent(done, makeItem('thinking', SID, 2, T0)).status).toBe('active');
    expect(applyEvent(done, makeItem('tool_call_start', SID, 2, T0))).toMatchObject({ status: 'active', activity: 'running_tool' });
    const failed = foldAll([makeItem('error', SID, 1, T0)]);
    const recovered = applyEvent(failed, makeItem('text_chunk', SID, 2, T0));
    expect(recovered).toMatchObject({ status: 'active', activity: 'streaming', last_error: 'boom', error_count: 1 });
    // Stragglers of the ended turn do not reopen it, as in the browser's live state.
    expect(applyEvent(failed, makeItem('text_complete', SID, 2, T0)).status).toBe('error');
    expect(applyEvent(done, makeItem('tool_heartbeat', SID, 2, T0)).status).toBe('done');
    // Records sent while wrapping up, or types we cannot interpret, do not reopen it.
    expect(applyEvent(done, makeUnknownItem(SID, 2, T0)).status).toBe('done');
    expect(applyEvent(done, makeItem('token_usage', SID, 2, T0)).status).toBe('done');
    expect(applyEvent(done, makeItem('session_sync', SID, 2, T0)).status).toBe('done');
  });

  it('an event older (by seq) than the done/error does not reactivate the session', () => {
    const done = foldAll([makeItem('text_complete', SID, 1, T0), makeItem('done', SID, 5, T0)]);
    const late = applyEvent(done, tokenUsageItem(SID, 3, T0, { prompt_tokens: 10, completion_tokens: 2 }));
    expect(late).toMatchObject({ status: 'done', last_seq: 5, last_event_type: 'done', prompt_tokens: 10 });
    const failed = foldAll([makeItem('error', SID, 5, T0)]);
    expect(applyEvent(failed, makeItem('text_complete', SID, 4, T0)).status).toBe('error');
  });

  it('a late done/error (older than last_seq) counts but does not end a session that went on', () => {
    const ongoing = foldAll([makeItem('text_complete', SID, 1, T0), makeItem('text_complete', SID, 6, T0)]);
    expect(applyEvent(ongoing, makeItem('done', SID, 4, T0)).status).toBe('active');
    const lateError = applyEvent(ongoing, makeItem('error', SID, 4, T0, { error: 'old failure' }));
    expect(lateError).toMatchObject({ status: 'active', error_count: 1, last_error: 'old failure' });
  });

  it('error after error keeps the newest message and counts both', () => {
    const summary = foldAll([makeItem('error', SID, 1, T0, { error: 'first' }), makeItem('error', SID, 2, T0, { error: 'second' })]);
    expect(summary).toMatchObject({ status: 'error', last_error: 'second', error_count: 2 });
    expect(applyEvent(summary, makeItem('error', SID, 1, T0, { error: 'resent first' })).last_error).toBe('second');
  });

  it('produces summaries the REST schema accepts', () => {
    const summary = foldAll([
      sessionSyncItem(SID, 1, T0, { title: 't', agent: 'a', model: 'm' }),
      makeItem('token_estimate', SID, 2, T0),
      tokenUsageItem(SID, 3, T0, { source: 'tool_embedded', prompt_tokens: 1, completion_tokens: 2 }),
      makeItem('error', SID, 4, T0),
    ]);
    expect(sessionSummarySchema.parse(summary)).toEqual(summary);
  });
});
