import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '#protocol/event-schemas';
import { parseEvent } from '#protocol/parse-event';
import { derivedRunSessionId, mappedRunTypes, RunStreamMapper, SNAPSHOT_TRUNCATION_MARKER } from './run-jsonl-mapping';

const readLines = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').trimEnd().split('\n');
const runLines = readLines('run.jsonl');
const failedLines = readLines('run-failed.jsonl');
const autochatLines = readLines('run-autochat.jsonl');
const SESSION = '0b7c6f2e-3d41-4a8e-9f25-6c1d2e3f4a5b';
const T = 1767616496000;

function mapAll(lines: readonly string[], mapper = new RunStreamMapper()) {
  const events: SessionEvent[] = [];
  const errors: string[] = [];
  const ignored: string[] = [];
  lines.forEach((text, i) => {
    const result = mapper.mapLine(text, i + 1);
    if (result.kind === 'ignored') ignored.push(result.type);
    else for (const p of result.items) {
      if (p.ok) events.push(p.item.event);
      else errors.push(p.error);
    }
  });
  return { events, errors, ignored };
}

const idOf = (e: SessionEvent) => (e as { tool_call_id?: string }).tool_call_id;

describe('run --format jsonl mapping', () => {
  it('maps a real run to one start and one completion per tool call, its metadata, the approval and one done', () => {
    const { events, errors, ignored } = mapAll(runLines);
    expect(errors).toEqual([]);
    expect(ignored).toEqual([]);
    expect(events.map((e) => e.type)).toEqual([
      'thinking', 'text_chunk', 'text_chunk', 'text_complete',
      'tool_call_start', 'tool_call_metadata', 'tool_call_metadata', 'tool_call_complete',
      'tool_call_start', 'tool_call_metadata', 'approval_request', 'tool_call_complete',
      'text_chunk', 'text_complete', 'usage_report', 'done',
    ]);
    for (const event of events) expect(parseEvent(event)).toMatchObject({ ok: true, known: true });
    expect(events.every((e) => e.session_id === SESSION && e.producer === 'codetether')).toBe(true);
    const starts = events.filter((e) => e.type === 'tool_call_start').map(idOf);
    expect(events.filter((e) => e.type === 'tool_call_complete').map(idOf)).toEqual(starts);
    expect(events[5]).toMatchObject({ name: 'bash', metadata: { command: 'npx vitest run src/utils', cwd: null } });
    expect(events[6]).toMatchObject({ name: 'bash', metadata: { exit_code: 1 } });
    expect(events[9]).toMatchObject({ name: 'apply_patch', metadata: { patch_files: ['src/utils/date.ts'], patch_hunks: 1 } });
    expect(events[10]).toMatchObject({ approval_id: '5f0e8a14-2b6c-4d3e-8a9f-1c2d3e4f5a6b', tool: 'apply_patch', action: 'write', resource: 'src/utils/date.ts' });
    const fixtureTypes = new Set([...runLines, ...failedLines, ...autochatLines].map((l) => (JSON.parse(l) as { type: string }).type));
    for (const type of mappedRunTypes.filter((t) => t !== 'run.approval_decided' && t !== 'run.item_completed')) expect(fixtureTypes, type).toContain(type);
  });

  it('maps a failed continuation: the approval with its offered decisions, one error', () => {
    const { events, errors } = mapAll(failedLines);
    expect(errors).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['thinking', 'tool_call_start', 'tool_call_metadata', 'approval_request', 'tool_call_metadata', 'tool_call_complete', 'error']);
    expect(events[3]).toMatchObject({
      tool: 'bash',
      action: 'execute',
      available_decisions: ['approved', 'approved_for_session', { approved_execpolicy_amendment: { proposed_execpolicy_amendment: ['git', 'push'] } }, 'abort'],
    });
    expect(events.at(-1)).toMatchObject({ error: 'provider error: 529 Overloaded: the model is overloaded, try again later' });
  });

  it('takes seq from the timestamps; run.started and run.completed have none and take the previous + 16', () => {
    const { events } = mapAll(runLines);
    const seqs = events.map((e) => e.seq);
    expect(seqs[0]).toBe(16);
    expect(seqs[1]).toBe((T + 180) * 16);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // The completed line has no time of its own: the last one seen.
    expect(events.at(-1)).toMatchObject({ type: 'done', ts: T + 5500 });
  });

  it('keeps the usage (null cache counts and all) as a usage_report without a model, never token_usage', () => {
    const { events } = mapAll(runLines);
    expect(events.find((e) => e.type === 'usage_report')).toMatchObject({ prompt_tokens: 15230, completion_tokens: 912, duration_ms: 5460, model: '' });
    expect(events.some((e) => e.type === 'token_usage')).toBe(false);
  });

  it('does not repeat the response when the last text_complete already said it', () => {
    const texts = mapAll(runLines).events.filter((e) => e.type === 'text_complete');
    expect(texts).toHaveLength(2);
  });

  it('/autochat prints only run.completed: a session derived from the output, the answer and done', () => {
    const { events, errors } = mapAll(autochatLines);
    expect(errors).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['text_complete', 'done']);
    expect(events[0]!.session_id).toBe(derivedRunSessionId(autochatLines[0]!));
    expect(mapAll(autochatLines).events.map((e) => [e.session_id, e.seq])).toEqual(events.map((e) => [e.session_id, e.seq]));
    // A session named by the user wins.
    expect(mapAll(autochatLines, new RunStreamMapper({ sessionId: 'relay-1' })).events[0]).toMatchObject({ session_id: 'relay-1' });
  });

  it('passes cumulative text as snapshots and a capped snapshot once, however often it repeats', () => {
    const chunk = (text: string, ms: number) => JSON.stringify({ type: 'run.text_chunk', item_id: 'i', timestamp_ms: ms, text });
    const start = JSON.stringify({ type: 'run.started', session_id: SESSION });
    const capped = 'x'.repeat(256 * 1024) + SNAPSHOT_TRUNCATION_MARKER;
    const { events } = mapAll([start, chunk('Hel', T), chunk('Hello', T + 1), chunk(capped, T + 2), chunk(capped, T + 3), chunk(capped, T + 4)]);
    expect(events.map((e) => (e as { text?: string }).text?.length)).toEqual([undefined, 3, 5, capped.length]);
  });

  it('gives a second run of the same session seqs after the first run (line numbers would collide)', () => {
    const first = mapAll(runLines).events;
    const second = mapAll(failedLines).events;
    const firstStored = new Set(first.filter((e) => e.type !== 'thinking').map((e) => e.seq));
    expect(second.filter((e) => e.type !== 'thinking' && firstStored.has(e.seq))).toEqual([]);
  });

  it('maps a failed run to an error, after its partial response', () => {
    const lines = [JSON.stringify({ type: 'run.started', session_id: SESSION }), JSON.stringify({ type: 'run.failed', error: 'relay failed', response: 'Partial answer' })];
    expect(mapAll(lines).events.map((e) => [e.type, e.seq])).toEqual([['thinking', 16], ['text_complete', 32], ['error', 33]]);
  });

  it('refuses malformed lines with a reason, and goes on', () => {
    const { events, errors } = mapAll([
      '{"type":"run.started","session_id":"',
      JSON.stringify({ type: 'run.started', session_id: SESSION }),
      'not json at all',
      JSON.stringify({ type: 'run.started', session_id: 'not a session' }),
      JSON.stringify({ type: 'run.completed', response: '' }),
    ]);
    expect(errors).toEqual([expect.stringMatching(/^malformed JSON/), expect.stringMatching(/^malformed JSON/), 'not a usable session id: "not a session"']);
    expect(events.map((e) => e.type)).toEqual(['thinking', 'done']);
  });

  it('never throws and emits only valid events, whatever the lines (fuzz)', () => {
    const known = [...mappedRunTypes, 'run.other'];
    const line = fc.oneof(
      fc.string(),
      fc.record({ type: fc.constantFrom(...known), session_id: fc.option(fc.constantFrom(SESSION, 'bad id', ''), { nil: undefined }), timestamp_ms: fc.option(fc.integer({ min: -5, max: 2 ** 45 }), { nil: undefined }), tool_call_id: fc.option(fc.string(), { nil: undefined }), text: fc.option(fc.string(), { nil: undefined }), metadata: fc.option(fc.jsonValue(), { nil: undefined }), usage: fc.option(fc.jsonValue(), { nil: undefined }), success: fc.option(fc.boolean(), { nil: undefined }) }).map((r) => JSON.stringify(r)),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const { events } = mapAll(lines);
        for (const event of events) expect(parseEvent(event).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
