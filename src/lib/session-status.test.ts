import { describe, expect, it } from 'vitest';
import { deriveStatus, describeStatus, type LiveStatusFacts, type SummaryStatusFacts } from './session-status';
import { makeLiveFacts } from './test-fixtures';

const now = 1_000_000;
const idleLive: LiveStatusFacts = makeLiveFacts(now);
const summary: SummaryStatusFacts = { status: 'active', last_seq: 10, last_event_type: 'token_usage', last_seen_ms: now - 1_000 };
const live = (overrides: Partial<LiveStatusFacts>) => ({ ...idleLive, ...overrides });
const derive = (l: LiveStatusFacts | null, s: SummaryStatusFacts | null = summary, stalledAfterMs?: number) =>
  deriveStatus({ live: l, summary: s, nowMs: now, stalledAfterMs });

describe('deriveStatus from live facts', () => {
  it('reads each activity', () => {
    expect(derive(live({ thinking: true })).kind).toBe('thinking');
    expect(derive(live({ streaming: true, thinking: true })).kind).toBe('streaming');
    expect(derive(live({ compacting: true, streaming: true })).kind).toBe('compacting');
    expect(derive(live({ retryAttempt: 2, retryMax: 3, compacting: true }))).toEqual({ kind: 'retrying', attempt: 2, max: 3 });
    expect(derive(live({ approvalTool: 'bash', retryAttempt: 1 }))).toEqual({ kind: 'awaiting_approval', tool: 'bash' });
    expect(derive(live({})).kind).toBe('idle');
  });

  it('times a running tool from its start or from the last heartbeat', () => {
    expect(derive(live({ toolName: 'bash', toolStartedMs: now - 12_000 }))).toEqual({ kind: 'running_tool', tool: 'bash', elapsedSecs: 12 });
    // Joined mid-call: the heartbeat said 20 s, 3 s ago.
    expect(derive(live({ toolName: 'grep', toolElapsedSecs: 20, toolHeartbeatMs: now - 3_000 }))).toEqual({
      kind: 'running_tool',
      tool: 'grep',
      elapsedSecs: 23,
    });
  });

  it('ends with done or error, and a new turn after the summary ended re-opens it', () => {
    expect(derive(live({ ended: 'done', thinking: true })).kind).toBe('done');
    expect(derive(live({ ended: 'error' })).kind).toBe('error');
    const ended = { ...summary, status: 'done' as const };
    expect(derive(live({}), ended).kind).toBe('done');
    expect(derive(live({ lastSeq: 11, thinking: true }), ended).kind).toBe('thinking');
  });

  it('is stalled after the configured silence while not done, but never once done', () => {
    const silent = live({ lastEventMs: now - 31_000, toolName: 'bash', toolStartedMs: now - 40_000 });
    const old = { ...summary, last_seen_ms: now - 31_000 };
    expect(derive(silent, old)).toEqual({ kind: 'stalled', silentMs: 31_000 });
    expect(derive(silent, old, 60_000).kind).toBe('running_tool');
    expect(derive({ ...silent, ended: 'done' }, old).kind).toBe('done');
  });
});

describe('deriveStatus from the summary alone', () => {
  it('maps the last event type when the tab has not seen the session live', () => {
    const of = (type: string) => derive(null, { ...summary, last_event_type: type }).kind;
    expect(of('thinking')).toBe('thinking');
    expect(of('text_chunk')).toBe('streaming');
    expect(of('tool_heartbeat')).toBe('running_tool');
    expect(of('compaction_started')).toBe('compacting');
    expect(of('stream_retry')).toBe('retrying');
    expect(of('approval_request')).toBe('awaiting_approval');
    expect(of('token_usage')).toBe('idle');
    expect(derive(null, { ...summary, status: 'error' }).kind).toBe('error');
  });

  it('prefers the summary when it is newer than the live facts', () => {
    expect(derive(live({ lastSeq: 5, streaming: true }), { ...summary, last_event_type: 'thinking' }).kind).toBe('thinking');
  });
});

describe('describeStatus', () => {
  it('spells out the details', () => {
    expect(describeStatus({ kind: 'running_tool', tool: 'bash', elapsedSecs: 12.7 })).toBe('Running bash · 12 s');
    expect(describeStatus({ kind: 'retrying', attempt: 2, max: 3 })).toBe('Retrying 2/3');
    expect(describeStatus({ kind: 'stalled', silentMs: 45_000 })).toBe('Stalled · 45 s silent');
    expect(describeStatus({ kind: 'done' })).toBe('Done');
  });
});
