import { beforeAll, describe, expect, it } from 'vitest';
import { compactionStrategies, knownEventTypes, rlmOutcomes, type SessionEvent } from '#protocol/event-schemas';
import { tokenSources } from '#protocol/token-source';
import { parseEvent } from '#protocol/parse-event';
import { stampEvent, type ScenarioStep } from './event-draft';
import { Random } from './random';
import { sessionScenario } from './scenario';
import { pickSessionProfile, type SessionProfile } from './session-profiles';

interface GeneratedSession {
  profile: SessionProfile;
  steps: ScenarioStep[];
  events: SessionEvent[];
}

/** A long seeded run: many sessions, each stamped as the runner would. */
function generate(seed: number, sessions: number): GeneratedSession[] {
  const rng = new Random(seed);
  return Array.from({ length: sessions }, (_, i) => {
    const profile = pickSessionProfile(rng);
    const steps = [...sessionScenario(rng.fork(), profile)];
    const events = steps.map((step, n) =>
      stampEvent(step.event, { sessionId: `demo-${seed}-${i}`, seq: n + 1, ts: new Date(1_800_000_000_000 + step.atMs).toISOString(), createdAt: new Date(1_800_000_000_000).toISOString() }),
    );
    return { profile, steps, events };
  });
}

const field = (event: SessionEvent, name: string): unknown => (event as Record<string, unknown>)[name];

describe('sessionScenario', () => {
  let run: GeneratedSession[];
  let all: SessionEvent[];
  beforeAll(() => {
    run = generate(20261124, 150);
    all = run.flatMap((s) => s.events);
  });

  it('produces only events that satisfy the protocol schemas', () => {
    const failures = all.flatMap((event) => {
      const parsed = parseEvent(event);
      return parsed.ok && parsed.known ? [] : [`${parsed.ok ? 'unknown type' : parsed.error}: ${JSON.stringify(event).slice(0, 200)}`];
    });
    expect(failures).toEqual([]);
  });

  it('uses every protocol variant, token source, RLM outcome and compaction strategy over a long run', () => {
    const types = new Set(all.map((e) => e.type));
    expect([...knownEventTypes].filter((t) => !types.has(t))).toEqual([]);
    const valuesOf = (type: string, name: string) => new Set(all.filter((e) => e.type === type).map((e) => field(e, name)));
    expect(valuesOf('token_usage', 'source')).toEqual(new Set(tokenSources));
    expect(valuesOf('rlm_complete', 'outcome')).toEqual(new Set(rlmOutcomes));
    expect(valuesOf('compaction_completed', 'strategy')).toEqual(new Set(compactionStrategies));
    expect(valuesOf('compaction_failed', 'fell_back_to')).toEqual(new Set(['truncate', null]));
    expect(valuesOf('text_chunk', 'text').size).toBeGreaterThan(1);
    expect(valuesOf('token_usage', 'model').size).toBeGreaterThanOrEqual(6);
    expect(all.some((e) => e.type === 'token_usage' && field(e, 'cache_write_tokens') !== undefined)).toBe(true);
    expect(all.some((e) => e.type === 'rlm_complete' && field(e, 'subcall_model_used') !== undefined)).toBe(true);
  });

  it('keeps cache reads and writes within the prompt they are part of', () => {
    const overflowing = all.filter(
      (e) => e.type === 'token_usage' && Number(field(e, 'cache_read_tokens') ?? 0) + Number(field(e, 'cache_write_tokens') ?? 0) > Number(field(e, 'prompt_tokens')),
    );
    expect(overflowing).toEqual([]);
  });

  it('gives each session a sync first, one ending last, and mostly done over error', () => {
    for (const { events } of run) {
      const sync = events[0]!;
      expect(sync.type).toBe('session_sync');
      expect(field(sync, 'session')).toMatchObject({ id: sync.session_id, title: expect.any(String), metadata: { model: expect.any(String) } });
      const endings = events.filter((e) => e.type === 'done' || e.type === 'error');
      expect(endings).toHaveLength(1);
      expect(events.at(-1)).toBe(endings[0]);
    }
    const errors = run.filter((s) => s.events.at(-1)!.type === 'error').length;
    expect(errors).toBeGreaterThan(run.length * 0.08);
    expect(errors).toBeLessThan(run.length * 0.4);
  });

  it('pairs tool calls and follows the RLM and compaction lifecycles', () => {
    const problems: string[] = [];
    const compactionPaths: string[] = [];
    for (const { events } of run) {
      const open = new Set<unknown>();
      const rlmIteration = new Map<unknown, number>();
      const compactionPath = new Map<unknown, string[]>();
      for (const e of events) {
        const callId = field(e, 'tool_call_id');
        if (e.type === 'tool_call_start') open.add(callId);
        else if (['tool_heartbeat', 'tool_output_chunk', 'tool_call_metadata', 'approval_request'].includes(e.type) && !open.has(callId)) problems.push(`${e.type} outside its tool call`);
        else if (e.type === 'tool_call_complete' && !open.delete(callId)) problems.push('tool_call_complete without a start');
        if (e.type === 'tool_heartbeat' && Number(field(e, 'elapsed_secs')) % 10 !== 0) problems.push('heartbeat off the 10 s beat');
        if (e.type === 'rlm_progress') rlmIteration.set(field(e, 'trace_id'), Number(field(e, 'iteration')));
        if (e.type === 'rlm_complete' && rlmIteration.get(field(e, 'trace_id')) !== field(e, 'iterations')) problems.push('rlm_complete iterations differ from its progress');
        if (e.type.startsWith('compaction_') || e.type === 'context_truncated') {
          const path = compactionPath.get(field(e, 'trace_id')) ?? [];
          path.push(e.type === 'compaction_completed' ? `completed:${String(field(e, 'strategy'))}` : e.type);
          compactionPath.set(field(e, 'trace_id'), path);
        }
      }
      if (open.size > 0) problems.push(`${open.size} tool calls never completed`);
      for (const path of compactionPath.values()) compactionPaths.push(path.join(' > '));
    }
    expect(problems).toEqual([]);
    expect(new Set(compactionPaths)).toEqual(
      new Set([
        'compaction_started > completed:rlm',
        'compaction_started > completed:chunk_compress',
        'compaction_started > context_truncated > completed:truncate',
        'compaction_started > context_truncated > completed:truncate > compaction_failed',
      ]),
    );
  });

  it('climbs the token estimate towards the budget and drops it after a compaction', () => {
    const problems: string[] = [];
    let compactions = 0;
    for (const { events, profile } of run) {
      events.forEach((e, i) => {
        if (e.type === 'token_estimate' && field(e, 'budget') !== profile.budget) problems.push('estimate against another budget');
        const next = events[i + 1];
        if (e.type !== 'compaction_completed' || next?.type !== 'token_estimate') return;
        compactions++;
        if (field(next, 'request_tokens') !== field(e, 'after_tokens')) problems.push('estimate after compaction is not its result');
        if (Number(field(e, 'after_tokens')) >= Number(field(e, 'before_tokens'))) problems.push('compaction did not shrink the context');
      });
    }
    expect(problems).toEqual([]);
    expect(compactions).toBeGreaterThan(10);
  });

  it('paces sessions like real agents: minutes long, deltas 30-80 ms apart, gentle event rates', () => {
    const problems: string[] = [];
    for (const { steps } of run) {
      if (steps.at(-1)!.atMs >= 300_000) problems.push('session longer than five minutes');
      const perSecond = new Map<number, number>();
      steps.forEach((s, i) => {
        const prev = steps[i - 1];
        if (prev && s.atMs < prev.atMs) problems.push('time went backwards');
        const second = Math.floor(s.atMs / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
        const gap = prev ? s.atMs - prev.atMs : 0;
        if (s.event.type === 'text_chunk' && prev?.event.type === 'text_chunk' && 'delta' in s.event && (gap < 30 || gap > 80)) problems.push(`text delta ${gap} ms after the previous`);
      });
      if (Math.max(...perSecond.values()) > 40) problems.push('more than 40 events in one second');
    }
    expect(problems).toEqual([]);
    const finished = run.filter((s) => s.events.at(-1)!.type === 'done').map((s) => s.steps.at(-1)!.atMs);
    const median = finished.sort((a, b) => a - b)[Math.floor(finished.length / 2)]!;
    expect(median).toBeGreaterThan(60_000);
    expect(median).toBeLessThan(240_000);
    const totalSeconds = run.reduce((sum, s) => sum + s.steps.at(-1)!.atMs / 1000, 0);
    expect(all.length / totalSeconds).toBeGreaterThan(1);
    expect(all.length / totalSeconds).toBeLessThan(15);
  });

  it('is reproducible from its seed', () => {
    const again = generate(20261124, 3).map((s) => s.steps);
    expect(again).toEqual(run.slice(0, 3).map((s) => s.steps));
    expect(generate(7, 1)[0]!.steps).not.toEqual(run[0]!.steps);
  });
});
