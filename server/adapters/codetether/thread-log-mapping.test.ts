import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../src/protocol/parse-event';
import type { SessionEvent } from '../../../src/protocol/event-schemas';
import type { ParsedItem } from '../../ingest/ingest-item';
import { mappedThreadLogKinds } from './thread-log-mapping';
import { ThreadLogMemory } from './thread-log-memory';
import { createThreadLogTransform, threadLogLineToItems } from './thread-log-transform';

const fixture = new URL('./fixtures/thread-log.jsonl', import.meta.url);
const SESSION = '7d3c1b9e-4a52-4f0e-9a61-2f1c0d8e5b42';
const FILE = `/data/threads/${SESSION}.jsonl`;

/** Every line of the fixture mapped in order, as a reader from the start would. */
function mapFixture(): { line: number; events: SessionEvent[]; errors: string[] }[] {
  const memory = new ThreadLogMemory();
  return fs
    .readFileSync(fixture, 'utf8')
    .trimEnd()
    .split('\n')
    .map((text, i) => split(i + 1, threadLogLineToItems(text, i + 1, FILE, memory)));
}

function split(line: number, parsed: ParsedItem[]) {
  const events = parsed.flatMap((p) => (p.ok ? [p.item.event] : []));
  const errors = parsed.flatMap((p) => (p.ok ? [] : [p.error]));
  return { line, events, errors };
}

const record = (kind: string, payload: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event_id: `turn-${SESSION}-1-event-000001`, session_id: SESSION, turn_id: 't1', kind, timestamp_ms: 1_000, payload, ...extra });

describe('thread-log mapping', () => {
  it('maps every kind of the fixture to the documented protocol events', () => {
    const mapped = mapFixture();
    expect(mapped.flatMap((m) => m.errors)).toEqual([]);
    const types = Object.fromEntries(mapped.map((m) => [m.line, m.events.map((e) => e.type).join(',')]));
    expect(types).toEqual({
      1: 'thinking', 2: '', 3: 'text_chunk', 4: 'text_chunk', 5: 'stream_retry', 6: '', 7: 'text_chunk', 8: 'text_complete',
      9: 'tool_call_start', 10: 'tool_output_chunk', 11: 'tool_call_metadata', 12: 'tool_call_complete',
      13: 'tool_call_start', 14: 'tool_call_complete', 15: 'tool_call_start', 16: 'approval_request',
      17: 'tool_call_metadata,tool_call_complete', 18: '', 19: '', 20: 'text_chunk', 21: 'text_complete',
      // The response repeats item 5's text: only `done`; the turn.done after it adds nothing.
      22: 'done', 23: '', 24: 'thinking', 25: 'tool_call_start', 26: 'tool_output_chunk', 27: 'tool_call_complete', 28: 'error', 29: '',
    });
    const fixtureKinds = new Set(fs.readFileSync(fixture, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind));
    for (const kind of mappedThreadLogKinds) expect(fixtureKinds, kind).toContain(kind);
  });

  it('produces only events the protocol parser accepts, with seq = line * 16 + k and ts from timestamp_ms', () => {
    const mapped = mapFixture();
    const events = mapped.flatMap((m) => m.events);
    for (const event of events) expect(parseEvent(event)).toMatchObject({ ok: true, known: true });
    expect(mapped.find((m) => m.line === 17)!.events.map((e) => e.seq)).toEqual([17 * 16, 17 * 16 + 1]);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events[0]).toMatchObject({ session_id: SESSION, seq: 16, ts: 1767616496000 });
  });

  it('carries the fields an operator reads', () => {
    const byLine = new Map(mapFixture().map((m) => [m.line, m.events]));
    expect(byLine.get(4)![0]).toMatchObject({ type: 'text_chunk', text: 'Let me look at the' });
    expect(byLine.get(4)![0]).not.toHaveProperty('delta');
    expect(byLine.get(5)![0]).toMatchObject({ attempt: 1, max_restarts: 3, reason: 'stream stalled for 30s' });
    expect(byLine.get(9)![0]).toMatchObject({ tool_call_id: 'call_read_1', name: 'read', arguments: '{"path":"src/utils/date.test.ts"}' });
    // The chunk line has no name: the one its tool.started gave.
    expect(byLine.get(10)![0]).toMatchObject({ name: 'read', stream: 'stdout' });
    expect(byLine.get(13)![0]).toMatchObject({ name: 'command', arguments: '{"command":"npx vitest run src/utils","cwd":"/home/dev/app"}' });
    expect(byLine.get(14)![0]).toMatchObject({ name: 'command', output: '1 failed, 11 passed', success: false, duration_ms: 3400 });
    expect(byLine.get(15)![0]).toMatchObject({ tool_call_id: 'patch-1', name: 'patch' });
    expect(byLine.get(16)![0]).toMatchObject({ approval_id: 'appr-1', tool: 'apply_patch', proposed_execpolicy_amendment: ['allow write src/**'] });
    // patch.completed has no duration: the time since patch.started.
    expect(byLine.get(17)![1]).toMatchObject({ name: 'patch', output: 'src/utils/date.ts | 2 +-', success: true, duration_ms: 3000 });
    expect(byLine.get(17)![0]).toMatchObject({ metadata: { files: ['src/utils/date.ts'], hunks: 1, approval_required: true } });
    expect(byLine.get(26)![0]).toMatchObject({ name: 'bash', stream: 'stderr' });
    expect(byLine.get(28)![0]).toMatchObject({ type: 'error', error: 'provider returned 529 overloaded' });
  });

  it('is deterministic: mapping the file again gives the same events', () => {
    expect(JSON.stringify(mapFixture())).toBe(JSON.stringify(mapFixture()));
  });

  it('keeps the response of a turn that streamed no item, then done', () => {
    const memory = new ThreadLogMemory();
    threadLogLineToItems(record('turn.started', { message: 'hi' }), 1, FILE, memory);
    const [complete, done] = threadLogLineToItems(record('turn.completed', { response: 'Hello!' }), 2, FILE, memory);
    expect(complete).toMatchObject({ ok: true, item: { event: { type: 'text_complete', text: 'Hello!', seq: 32 } } });
    expect(done).toMatchObject({ ok: true, item: { event: { type: 'done', seq: 33 } } });
  });

  it('refuses malformed, interleaved and foreign lines with a reason, and skips unknown kinds', () => {
    const memory = new ThreadLogMemory();
    const cutOff = record('item.delta', { text: 'a' }).slice(0, 60);
    expect(threadLogLineToItems(cutOff, 1, FILE, memory)).toEqual([{ ok: false, error: expect.stringMatching(/^malformed JSON \(an interleaved or cut-off line\?\)/) }]);
    // A cut-off record followed by a whole one on the same line: refused (counted), the whole one kept.
    const [warning, kept] = threadLogLineToItems(`${cutOff}${record('item.delta', { text: 'b' })}`, 1, FILE, memory);
    expect(warning).toEqual({ ok: false, error: expect.stringMatching(/^malformed JSON .*; kept the whole record from column 61$/) });
    expect(kept).toMatchObject({ ok: true, item: { event: { type: 'text_chunk', text: 'b', seq: 16 } } });
    expect(threadLogLineToItems('{"kind":"turn.done"}', 2, FILE, memory)).toEqual([{ ok: false, error: expect.stringContaining('field `timestamp_ms`') }]);
    expect(threadLogLineToItems(record('turn.done', {}, { session_id: 'not a session' }), 3, FILE, memory)[0]).toMatchObject({ ok: false });
    const unknown: string[] = [];
    expect(threadLogLineToItems(record('plan.updated', {}), 4, FILE, memory, { onUnknownKind: (kind) => unknown.push(kind) })).toEqual([]);
    expect(unknown).toEqual(['plan.updated']);
  });

  it('takes the session id from the file name when a line has none', () => {
    const [item] = threadLogLineToItems(record('turn.done', {}, { session_id: undefined }), 1, '/x/threads/abc-123.jsonl', new ThreadLogMemory());
    expect(item).toMatchObject({ ok: true, item: { event: { session_id: 'abc-123' } } });
  });

  it('starts a file afresh when the follower reads it again from line 1', () => {
    const transform = createThreadLogTransform();
    transform(record('tool.started', { tool_call_id: 'c1', name: 'read', arguments: {} }), 1, FILE);
    const first = transform(record('tool.output_chunk', { tool_call_id: 'c1', chunk: 'x' }), 2, FILE);
    expect(first[0]).toMatchObject({ ok: true, item: { event: { name: 'read' } } });
    // Line 1 again: a new reading, so the memory of c1 is gone.
    transform(record('turn.started', {}), 1, FILE);
    expect(transform(record('tool.output_chunk', { tool_call_id: 'c1', chunk: 'x' }), 2, FILE)[0]).toMatchObject({ item: { event: { name: 'tool' } } });
  });
});
