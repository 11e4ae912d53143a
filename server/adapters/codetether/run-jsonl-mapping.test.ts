import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src/protocol/event-schemas';
import { parseEvent } from '../../../src/protocol/parse-event';
import { mappedRunTypes, RunStreamMapper } from './run-jsonl-mapping';

const fixtureLines = fs.readFileSync(new URL('./fixtures/run.jsonl', import.meta.url), 'utf8').trimEnd().split('\n');
const SESSION = '5b1f0a2c-93d4-4e7a-b8c6-0e2d4f6a8b10';
const T = 1767620000000;

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

describe('run --format jsonl mapping', () => {
  it('maps a run to the documented protocol events, every one valid', () => {
    const { events, errors, ignored } = mapAll(fixtureLines);
    expect(errors).toEqual([]);
    expect(ignored).toEqual(['run.status']);
    expect(events.map((e) => e.type)).toEqual([
      'thinking', 'text_chunk', 'text_chunk', 'text_chunk', 'text_complete', 'tool_call_start', 'tool_call_complete', 'text_complete', 'usage_report', 'done',
    ]);
    for (const event of events) expect(parseEvent(event)).toMatchObject({ ok: true, known: true });
    expect(events.every((e) => e.session_id === SESSION)).toBe(true);
    const fixtureTypes = new Set(fixtureLines.map((l) => (JSON.parse(l) as { type: string }).type));
    for (const type of mappedRunTypes.filter((t) => t !== 'run.failed')) expect(fixtureTypes, type).toContain(type);
  });

  it('takes seq from the timestamps: increasing even within one millisecond, the first line before them', () => {
    const { events } = mapAll(fixtureLines);
    const seqs = events.map((e) => e.seq);
    expect(seqs[0]).toBe(16);
    expect(seqs.slice(1, 4)).toEqual([(T + 100) * 16, (T + 100) * 16 + 16, (T + 150) * 16]);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // The completed line has no time of its own: the last one seen.
    expect(events.at(-1)).toMatchObject({ type: 'done', ts: T + 1000 });
  });

  it('keeps the usage as a usage_report (an aggregate without a source), never token_usage', () => {
    const { events } = mapAll(fixtureLines);
    expect(events.find((e) => e.type === 'usage_report')).toMatchObject({ prompt_tokens: 1200, completion_tokens: 80, duration_ms: 900, model: '' });
    expect(events.some((e) => e.type === 'token_usage')).toBe(false);
    // A model named by an earlier line is the report's model.
    const withModel = [JSON.stringify({ type: 'run.started', session_id: SESSION, model: 'zai/glm-5' }), ...fixtureLines.slice(1)];
    expect(mapAll(withModel).events.find((e) => e.type === 'usage_report')).toMatchObject({ model: 'zai/glm-5' });
  });

  it('does not repeat the response when the last text_complete already said it', () => {
    const { events } = mapAll(fixtureLines);
    expect(events.filter((e) => e.type === 'text_complete').map((e) => (e as { text: string }).text)).toEqual([
      'Looking at the repository.',
      'Two entries: README.md and src.',
    ]);
  });

  it('turns delta chunks and cumulative chunks alike into snapshots', () => {
    const chunk = (text: string, ms: number) => JSON.stringify({ type: 'run.text_chunk', item_id: 'i', timestamp_ms: ms, text });
    const start = JSON.stringify({ type: 'run.started', session_id: SESSION });
    const deltas = mapAll([start, chunk('Hel', T), chunk('lo', T + 1)]).events;
    const snapshots = mapAll([start, chunk('Hel', T), chunk('Hello', T + 1)]).events;
    expect(deltas.at(-1)).toMatchObject({ text: 'Hello' });
    expect(snapshots.at(-1)).toMatchObject({ text: 'Hello' });
  });

  it('gives a second run of the same session seqs after the first run (line numbers would collide)', () => {
    const first = mapAll(fixtureLines).events;
    const later = fixtureLines.map((l) => l.replaceAll(/"timestamp_ms":(\d+)/g, (_m, ms: string) => `"timestamp_ms":${Number(ms) + 60_000}`));
    const second = mapAll(later).events;
    const firstStored = new Set(first.filter((e) => e.type !== 'thinking').map((e) => e.seq));
    expect(second.filter((e) => e.type !== 'thinking' && firstStored.has(e.seq))).toEqual([]);
  });

  it('is deterministic, so the same output piped twice is recognised', () => {
    expect(mapAll(fixtureLines).events.map((e) => e.seq)).toEqual(mapAll(fixtureLines).events.map((e) => e.seq));
  });

  it('maps a failed run to an error, after its partial response', () => {
    const lines = [
      JSON.stringify({ type: 'run.started', session_id: SESSION }),
      JSON.stringify({ type: 'run.failed', error: { message: 'rate limited' }, response: 'Partial answer' }),
    ];
    expect(mapAll(lines).events.map((e) => [e.type, e.seq])).toEqual([['thinking', 16], ['text_complete', 32], ['error', 33]]);
    expect(mapAll(lines).events.at(-1)).toMatchObject({ error: 'rate limited' });
  });

  it('refuses malformed lines and lines before any session id, and goes on', () => {
    const { events, errors } = mapAll([
      '{"type":"run.text_chunk","item_id":"i","timestamp_ms":1,"text":"early"}',
      '{"type":"run.started","session_id":"',
      JSON.stringify({ type: 'run.started', session_id: SESSION }),
      'not json at all',
      JSON.stringify({ type: 'run.completed', response: '' }),
    ]);
    expect(errors).toEqual([
      'run.text_chunk before run.started: no session id yet',
      expect.stringMatching(/^malformed JSON/),
      expect.stringMatching(/^malformed JSON/),
    ]);
    expect(events.map((e) => e.type)).toEqual(['thinking', 'done']);
  });
});
