import { describe, expect, it } from 'vitest';
import { sessionActivityKinds } from '../../protocol/session-activity';
import { DEFAULT_ABANDONED_AFTER_MS } from '../../protocol/session-silence';
import { deriveStatus, describeStatus, isActiveStatus, operatorStatusKinds, type LiveStatusFacts, type SummaryStatusFacts } from './session-status';
import { makeLiveFacts } from '../../test-support/fixtures';

const now = 1_000_000_000;
const idleLive: LiveStatusFacts = makeLiveFacts(now);
const summary: SummaryStatusFacts = { status: 'active', last_seq: 10, activity: 'idle', activity_since_ms: null, last_seen_ms: now - 1_000 };
const live = (overrides: Partial<LiveStatusFacts>) => ({ ...idleLive, ...overrides });
const derive = (l: LiveStatusFacts | null, s: SummaryStatusFacts | null = summary, stalledAfterMs?: number, abandonedAfterMs?: number) =>
  deriveStatus({ live: l, summary: s, nowMs: now, stalledAfterMs, abandonedAfterMs });
const minute = 60_000;

describe('deriveStatus from live facts', () => {
  it('reads each activity', () => {
    expect(derive(live({ thinking: true })).kind).toBe('thinking');
    expect(derive(live({ streaming: true, thinking: true })).kind).toBe('streaming');
    expect(derive(live({ compacting: true, streaming: true })).kind).toBe('compacting');
    expect(derive(live({ retryAttempt: 2, retryMax: 3, compacting: true }))).toEqual({ kind: 'retrying', attempt: 2, max: 3 });
    expect(derive(live({ approvalTool: 'bash', retryAttempt: 1 }))).toEqual({ kind: 'awaiting_approval', tool: 'bash', waitingMs: null });
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

describe('status that tells the truth', () => {
  it('reads a running RLM loop as running RLM, not idle, until it completes', () => {
    expect(derive(live({ rlmIteration: 3, rlmMaxIterations: 10 }))).toEqual({ kind: 'rlm', iteration: 3, max: 10 });
    // Progress keeps arriving, so it is not stalled either.
    expect(derive(live({ rlmIteration: 3, rlmMaxIterations: 10, lastEventMs: now - 2_000 }), { ...summary, last_seen_ms: now - 10 * minute }).kind).toBe('rlm');
    expect(derive(live({ rlmIteration: 3, rlmMaxIterations: 10, compacting: true })).kind).toBe('compacting');
    expect(derive(null, { ...summary, activity: 'rlm' }).kind).toBe('rlm');
  });

  it('times an approval from its request and keeps it apart from a stall', () => {
    const waiting = live({ approvalTool: 'bash', approvalSinceMs: now - 5 * minute, lastEventMs: now - 5 * minute });
    const quiet = { ...summary, last_seen_ms: now - 5 * minute };
    expect(derive(waiting, quiet)).toEqual({ kind: 'awaiting_approval', tool: 'bash', waitingMs: 5 * minute });
    // Without live facts, the summary's activity says it waits, since the request's time.
    const asked = { ...quiet, activity: 'awaiting_approval' as const, activity_since_ms: now - 7 * minute };
    expect(derive(null, asked)).toEqual({ kind: 'awaiting_approval', tool: null, waitingMs: 7 * minute });
    // A summary stored before the request's time was kept: waited since it was seen.
    expect(derive(null, { ...asked, activity_since_ms: null })).toEqual({ kind: 'awaiting_approval', tool: null, waitingMs: 5 * minute });
    // Past the abandoned threshold nobody is answering.
    const longAgo = { ...quiet, last_seen_ms: now - 31 * minute };
    expect(derive({ ...waiting, lastEventMs: now - 31 * minute }, longAgo).kind).toBe('abandoned');
  });

  it('is abandoned after the configured silence (default 30 min), and no longer active', () => {
    const silentFor = (ms: number, abandonedAfterMs?: number) =>
      derive(live({ lastEventMs: now - ms, thinking: true }), { ...summary, last_seen_ms: now - ms }, undefined, abandonedAfterMs);
    expect(DEFAULT_ABANDONED_AFTER_MS).toBe(30 * minute);
    expect(silentFor(29 * minute)).toEqual({ kind: 'stalled', silentMs: 29 * minute });
    expect(silentFor(31 * minute)).toEqual({ kind: 'abandoned', silentMs: 31 * minute });
    expect(silentFor(5_000, 3_000)).toEqual({ kind: 'abandoned', silentMs: 5_000 });
    expect(derive(null, { ...summary, status: 'done', last_seen_ms: now - 10 * 60 * minute }).kind).toBe('done');
    expect(isActiveStatus('abandoned')).toBe(false);
    expect(isActiveStatus('done')).toBe(false);
    expect(operatorStatusKinds.filter(isActiveStatus)).toEqual([
      'thinking',
      'streaming',
      'running_tool',
      'compacting',
      'rlm',
      'retrying',
      'awaiting_approval',
      'stalled',
      'idle',
    ]);
  });
});

describe('deriveStatus from the summary alone', () => {
  it("reads the summary's activity when the tab has not seen the session live", () => {
    for (const activity of sessionActivityKinds) expect(derive(null, { ...summary, activity }).kind).toBe(activity);
    expect(derive(null, { ...summary, status: 'error', activity: 'running_tool' }).kind).toBe('error');
    expect(derive(null, { ...summary, activity: 'running_tool', last_seen_ms: now - minute }).kind).toBe('stalled');
  });

  it('prefers the summary when it is newer than the live facts', () => {
    expect(derive(live({ lastSeq: 5, streaming: true }), { ...summary, activity: 'thinking' }).kind).toBe('thinking');
  });
});

describe('describeStatus', () => {
  it('spells out the details', () => {
    expect(describeStatus({ kind: 'running_tool', tool: 'bash', elapsedSecs: 12.7 })).toBe('Running bash · 12 s');
    expect(describeStatus({ kind: 'retrying', attempt: 2, max: 3 })).toBe('Retrying 2/3');
    expect(describeStatus({ kind: 'stalled', silentMs: 45_000 })).toBe('Stalled · 45 s silent');
    expect(describeStatus({ kind: 'rlm', iteration: 3, max: 10 })).toBe('Running RLM · iteration 3/10');
    expect(describeStatus({ kind: 'rlm', iteration: null, max: null })).toBe('Running RLM');
  });

  it('switches long silences and waits to minutes and hours', () => {
    expect(describeStatus({ kind: 'stalled', silentMs: 3_600_000 })).toBe('Stalled · 1h 00m silent');
    expect(describeStatus({ kind: 'stalled', silentMs: 245_000 })).toBe('Stalled · 4m 05s silent');
    expect(describeStatus({ kind: 'abandoned', silentMs: 2 * 3_600_000 + 5 * minute })).toBe('Abandoned · 2h 05m silent');
    expect(describeStatus({ kind: 'awaiting_approval', tool: 'bash', waitingMs: 125_000 })).toBe('Awaiting approval · bash · waiting 2m 05s');
    expect(describeStatus({ kind: 'awaiting_approval', tool: null, waitingMs: null })).toBe('Awaiting approval');
    expect(describeStatus({ kind: 'done' })).toBe('Done');
  });
});
