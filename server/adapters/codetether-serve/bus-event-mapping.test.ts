import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLagCount } from './bus-envelope';
import { mapBusData, titleOfPrompt, type BusDataOutcome } from './bus-event-mapping';
import { BusSeqAssigner, microsOfTimestamp } from './bus-seq';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const lines = fs.readFileSync(path.join(fixtures, 'bus-envelopes.jsonl'), 'utf8').trimEnd().split('\n');
const TASK_A = '0c6f2f0e-5d0b-4a55-9a3e-7b1d2c4e8f10';
const TASK_B = '9a1e4c77-2b3d-4f6a-8c0e-5d7f9b1a3c24';

function mapAll(data: string[], seqs = new BusSeqAssigner()): BusDataOutcome[] {
  return data.map((line) => mapBusData(line, seqs));
}

function eventsOf(outcomes: BusDataOutcome[]) {
  return outcomes.flatMap((o) => (o.kind === 'event' ? [o.item.event as Record<string, unknown> & { session_id: string; seq: number; type: string }] : []));
}

/** A task_update envelope around `message` (a SessionEvent's JSON, or anything else the agent puts there). */
function taskUpdate(taskId: string, message: string | null, timestamp = '2026-12-03T10:00:00.000001Z'): string {
  return JSON.stringify({ id: 'e1', topic: `task.${taskId}`, sender_id: 'a2a-stream', correlation_id: null, timestamp, message: { kind: 'task_update', task_id: taskId, state: 'working', message } });
}

describe('mapBusData on the fixture bus stream', () => {
  const outcomes = mapAll(lines);
  const events = eventsOf(outcomes);

  it('turns each task update into its SessionEvent, in session <task id>, in order', () => {
    expect(events.filter((e) => e.session_id === TASK_A).map((e) => e.type)).toEqual([
      'session_sync', 'thinking', 'text_chunk', 'text_chunk', 'text_complete', 'usage_report', 'tool_call_start',
      'tool_output_chunk', 'tool_heartbeat', 'tool_call_complete', 'thinking', 'thinking_complete', 'usage_report', 'text_complete', 'done',
    ]);
    expect(events.filter((e) => e.session_id === TASK_B).map((e) => e.type)).toEqual(['session_sync', 'thinking', 'usage_report', 'error']);
    expect(outcomes.filter((o) => o.kind === 'rejected')).toEqual([]);
    expect(outcomes[0]).toEqual({ kind: 'skipped', why: 'topic broadcast' });
  });

  it('keeps the agent field names and values, marks the producer and dates each event by its envelope', () => {
    const start = events.find((e) => e.type === 'tool_call_start')!;
    expect(start).toMatchObject({
      session_id: TASK_A, producer: 'codetether', ts: '2026-12-03T09:15:02.671Z', seq: Date.parse('2026-12-03T09:15:02Z') * 1000 + 671338,
      tool_call_id: 'toolu_01HX4V8Jq2mB7nKpW3sYc9Rd', name: 'bash', arguments: '{"command":"npm test -- date","timeout":120}',
    });
    expect(events.find((e) => e.type === 'tool_call_complete')).toMatchObject({ success: false, duration_ms: 3213, name: 'bash' });
    expect(events.find((e) => e.type === 'tool_output_chunk')).toMatchObject({ stream: 'stdout', tool_call_id: 'toolu_01HX4V8Jq2mB7nKpW3sYc9Rd' });
    expect(events.find((e) => e.type === 'tool_heartbeat')).toMatchObject({ elapsed_secs: 2 });
    expect(events.filter((e) => e.type === 'text_chunk').map((e) => e.text)).toEqual(["I'll run", "I'll run the date tests first."]);
    expect(events.find((e) => e.type === 'usage_report')).toMatchObject({ prompt_tokens: 12840, completion_tokens: 212, duration_ms: 1519, model: 'claude-sonnet-4-5' });
    expect(events.find((e) => e.type === 'error')).toMatchObject({ session_id: TASK_B, error: 'provider error: 529 overloaded_error: Overloaded' });
    // A 6-digit timestamp (chrono writes 3, 6 or 9 digits) gives the same kind of seq.
    expect(events.find((e) => e.type === 'usage_report' && e.session_id === TASK_B)!.seq).toBe(Date.parse('2026-12-03T09:15:08Z') * 1000 + 900212);
  });

  it('titles the session with the first line of the prompt that started the task', () => {
    expect(events.find((e) => e.type === 'session_sync' && e.session_id === TASK_A)).toMatchObject({ session: { id: TASK_A, title: 'Run the date tests and fix what fails' } });
  });

  it('gives every event of a session its own increasing seq, even two envelopes in one microsecond', () => {
    const seqs = events.filter((e) => e.session_id === TASK_A).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const [textComplete, done] = events.filter((e) => e.session_id === TASK_A).slice(-2);
    expect(done!.seq).toBe(textComplete!.seq + 1);
  });

  it('gives a replayed envelope the seq it had, whatever came before it on the connection', () => {
    const replayFrom = 9;
    const replay = eventsOf(mapAll(lines.slice(replayFrom)));
    const firstTime = eventsOf(outcomes.slice(replayFrom));
    expect(replay.map((e) => [e.session_id, e.seq, e.type])).toEqual(firstTime.map((e) => [e.session_id, e.seq, e.type]));
  });
});

describe('mapBusData on other envelopes', () => {
  it('skips task updates that carry no SessionEvent', () => {
    const seqs = new BusSeqAssigner();
    expect(mapBusData(taskUpdate('t1', 'Task dispatched: Fix login'), seqs)).toEqual({ kind: 'skipped', why: 'task_update whose message is not a SessionEvent' });
    expect(mapBusData(taskUpdate('t1', null), seqs)).toEqual({ kind: 'skipped', why: 'task_update without a message' });
    expect(mapBusData(taskUpdate('t1', '{"type":"ignored"}'), seqs)).toEqual({ kind: 'skipped', why: 'task_update of an ignored event' });
    expect(mapBusData(taskUpdate('t1', '[1,2]'), seqs).kind).toBe('skipped');
  });

  it('refuses what it cannot read, saying which field and why', () => {
    const seqs = new BusSeqAssigner();
    const cut = mapBusData('{"id":"e1","topic":"task.t1"', seqs);
    expect(cut.kind === 'rejected' && cut.error).toMatch(/^bus event data is not JSON \(.+\)$/);
    expect(mapBusData('{"id":"e1","topic":"task.t1"}', seqs)).toEqual({ kind: 'rejected', error: 'bus envelope is not readable: field `sender_id`: expected string, received undefined' });
    const badField = mapBusData(taskUpdate('t1', '{"duration_ms":5,"name":"bash","output":"","success":"yes","tool_call_id":"c1","type":"tool_call_complete"}'), seqs);
    expect(badField).toEqual({ kind: 'rejected', error: 'task t1: tool_call_complete: field `success`: expected boolean, received string' });
    const badTask = mapBusData(taskUpdate('task with spaces', '{"type":"done"}'), seqs);
    expect(badTask.kind === 'rejected' && badTask.error).toMatch(/^task task with spaces: done: field `session_id`: expected 1-128 characters/);
  });

  it('passes a SessionEvent type it does not know through, for the protocol to count', () => {
    const outcome = mapBusData(taskUpdate('t1', '{"active":true,"type":"play_break_v2"}'), new BusSeqAssigner());
    expect(outcome.kind === 'event' && outcome.item.known).toBe(false);
  });
});

describe('bus seq', () => {
  it('reads chrono timestamps of any precision to the microsecond', () => {
    const second = Date.parse('2026-12-03T09:15:02Z') * 1000;
    expect(microsOfTimestamp('2026-12-03T09:15:02Z')).toBe(second);
    expect(microsOfTimestamp('2026-12-03T09:15:02.5Z')).toBe(second + 500_000);
    expect(microsOfTimestamp('2026-12-03T09:15:02.655120Z')).toBe(second + 655_120);
    expect(microsOfTimestamp('2026-12-03T09:15:02.671338452Z')).toBe(second + 671_338);
    expect(microsOfTimestamp('2026-12-03T10:15:02.000001+01:00')).toBe(second + 1);
    expect(microsOfTimestamp('yesterday')).toBeNull();
    expect(microsOfTimestamp('1960-01-01T00:00:00Z')).toBeNull();
  });

  it('keeps seqs increasing when the clock does not move on or steps back', () => {
    const seqs = new BusSeqAssigner();
    expect([seqs.seqOf('a', 100), seqs.seqOf('a', 100), seqs.seqOf('a', 101), seqs.seqOf('a', 50), seqs.seqOf('b', 50)]).toEqual([100, 101, 102, 103, 50]);
  });

  it('forgets the task quiet longest when it holds too many', () => {
    const seqs = new BusSeqAssigner(2);
    seqs.seqOf('a', 10);
    seqs.seqOf('b', 10);
    seqs.seqOf('a', 11);
    seqs.seqOf('c', 10); // forgets b, not a
    expect(seqs.seqOf('a', 11)).toBe(12);
    expect(seqs.seqOf('b', 5)).toBe(5);
  });
});

describe('small readers', () => {
  it('reads the lag count', () => {
    expect(parseLagCount('skipped 42')).toBe(42);
    expect(parseLagCount('something else')).toBe(0);
  });

  it('titles by the first non-blank line, cut to 120 characters', () => {
    expect(titleOfPrompt(['\n  Fix it  \nmore'])).toBe('Fix it');
    expect(titleOfPrompt(['', ' '])).toBeNull();
    expect(titleOfPrompt(['x'.repeat(200)])).toBe(`${'x'.repeat(119)}…`);
  });
});
