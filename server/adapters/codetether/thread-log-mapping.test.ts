import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '#protocol/parse-event';
import type { SessionEvent } from '#protocol/event-schemas';
import type { ParsedItem } from '../../ingest/ingest-item';
import { mappedThreadLogKinds } from './thread-log-mapping';
import { ThreadLogMemory } from './thread-log-memory';
import { createThreadLogTransform, threadLogLineToItems } from './thread-log-transform';

const fixture = new URL('./fixtures/thread-log.jsonl', import.meta.url);
const SESSION = '0b7c6f2e-3d41-4a8e-9f25-6c1d2e3f4a5b';
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
  it('maps the real record sequence to one start and one completion per tool call, one done and one error', () => {
    const mapped = mapFixture();
    expect(mapped.flatMap((m) => m.errors)).toEqual([]);
    const types = Object.fromEntries(mapped.map((m) => [m.line, m.events.map((e) => e.type).join(',')]));
    expect(types).toEqual({
      // turn.started: the user's prompt, then the agent at work.
      1: 'text_complete,thinking', 2: '', 3: 'text_chunk', 4: 'text_chunk', 5: 'text_complete',
      // bash: tool.started + command.started, output, metadata, tool.completed + command.completed: one call.
      6: 'tool_call_start', 7: 'tool_call_metadata', 8: 'tool_output_chunk', 9: 'tool_call_metadata', 10: 'tool_call_complete', 11: '',
      // apply_patch: tool.started + patch.started, tool.metadata, patch.completed, patch.approval_required, tool.completed.
      12: 'tool_call_start', 13: '', 14: 'tool_call_metadata', 15: '', 16: 'approval_request', 17: 'tool_call_complete',
      18: '', 19: 'text_chunk', 20: 'text_complete',
      // turn.done, then turn.completed repeating the last text: one done, the answer once.
      21: 'done', 22: '',
      23: 'text_complete,thinking', 24: 'tool_call_start', 25: 'tool_call_metadata', 26: 'approval_request', 27: 'tool_call_metadata', 28: 'tool_call_complete', 29: '',
      30: 'error',
    });
    const events = mapped.flatMap((m) => m.events);
    const starts = events.filter((e) => e.type === 'tool_call_start').map((e) => (e as { tool_call_id?: string }).tool_call_id);
    const completes = events.filter((e) => e.type === 'tool_call_complete').map((e) => (e as { tool_call_id?: string }).tool_call_id);
    expect(starts).toEqual(['toolu_01HZ3kQ8vY2mN4pR6sT8uW0x', 'toolu_02Jb7nC3xE5gH9kL1mP4qS6v', 'toolu_03Pq8rS2tU4vW6xY8zA0bC2d']);
    expect(completes).toEqual(starts);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
    expect(mapped.find((m) => m.line === 1)!.events[0]).toMatchObject({ type: 'text_complete', role: 'user', text: 'Fix the failing date test in utils' });
    const fixtureKinds = new Set(fs.readFileSync(fixture, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind));
    for (const kind of mappedThreadLogKinds) if (kind !== 'approval.decided' && kind !== 'stream.retry') expect(fixtureKinds, kind).toContain(kind);
  });

  it('produces only events the protocol parser accepts, from producer codetether, with seq = line * 16 + k and ts from timestamp_ms', () => {
    const mapped = mapFixture();
    const events = mapped.flatMap((m) => m.events);
    for (const event of events) expect(parseEvent(event)).toMatchObject({ ok: true, known: true });
    for (const event of events) expect(event.producer).toBe('codetether');
    expect(mapped.find((m) => m.line === 9)!.events.map((e) => e.seq)).toEqual([9 * 16]);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events[0]).toMatchObject({ session_id: SESSION, seq: 16, ts: 1767616496000 });
  });

  it('folds command, cwd, exit code and the patch into metadata of the same call, and carries the approvals readably', () => {
    const byLine = new Map(mapFixture().map((m) => [m.line, m.events]));
    expect(byLine.get(4)![0]).toMatchObject({ type: 'text_chunk', text: 'Let me run the date tests first.' });
    expect(byLine.get(4)![0]).not.toHaveProperty('delta');
    expect(byLine.get(6)![0]).toMatchObject({ tool_call_id: 'toolu_01HZ3kQ8vY2mN4pR6sT8uW0x', name: 'bash', arguments: '{"command":"npx vitest run src/utils"}' });
    expect(byLine.get(7)![0]).toMatchObject({ tool_call_id: 'toolu_01HZ3kQ8vY2mN4pR6sT8uW0x', name: 'bash', metadata: { command: 'npx vitest run src/utils', cwd: null } });
    expect(byLine.get(9)![0]).toMatchObject({ name: 'bash', metadata: { exit_code: 1, allowed_cwd: '/home/dev/app' } });
    expect(byLine.get(10)![0]).toMatchObject({ name: 'bash', success: false, duration_ms: 3400, output: expect.stringContaining('1 failed | 11 passed') });
    expect(byLine.get(14)![0]).toMatchObject({ tool_call_id: 'toolu_02Jb7nC3xE5gH9kL1mP4qS6v', name: 'apply_patch', metadata: { patch_files: ['src/utils/date.ts'], patch_hunks: 1 } });
    // patch.approval_required names only ids: the rest is what the patch tool asks the approval store (tool/patch/approval.rs).
    expect(byLine.get(16)![0]).toMatchObject({ approval_id: '5f0e8a14-2b6c-4d3e-8a9f-1c2d3e4f5a6b', tool_call_id: 'toolu_02Jb7nC3xE5gH9kL1mP4qS6v', tool: 'apply_patch', action: 'write', resource: 'src/utils/date.ts', reason: 'patch write' });
    expect(byLine.get(26)![0]).toMatchObject({
      approval_id: 'c3a9d2e1-7b84-4f65-9e0a-b1c2d3e4f506',
      tool: 'bash',
      action: 'execute',
      resource: 'git push origin fix-date',
      proposed_execpolicy_amendment: ['git', 'push'],
      available_decisions: ['approved', 'approved_for_session', { approved_execpolicy_amendment: { proposed_execpolicy_amendment: ['git', 'push'] } }, 'abort'],
    });
    expect(byLine.get(30)![0]).toMatchObject({ type: 'error', error: 'provider error: 529 Overloaded: the model is overloaded, try again later' });
  });

  it('ends a turn once: done then completed is one done; a failure after it is one error; a second failure adds nothing', () => {
    const memory = new ThreadLogMemory();
    const types = (line: string, n: number) => threadLogLineToItems(line, n, FILE, memory).map((p) => (p.ok ? p.item.event.type : p.error));
    types(record('turn.started', { message: 'go' }), 1);
    expect(types(record('turn.done', {}), 2)).toEqual(['done']);
    expect(types(record('turn.completed', { response: 'A different answer' }), 3)).toEqual(['text_complete']);
    expect(types(record('turn.failed', { error: 'resume failed' }), 4)).toEqual(['error']);
    expect(types(record('turn.failed', { error: 'resume failed' }), 5)).toEqual([]);
    expect(types(record('turn.done', {}), 6)).toEqual([]);
  });

  it('maps approval.decided to approval_decision, and a pending status to nothing', () => {
    const memory = new ThreadLogMemory();
    const [decided] = threadLogLineToItems(record('approval.decided', { approval_id: 'a1', decided_at: '2026-01-05T12:00:00Z', decided_by: 'riley', decision_id: 'd1', reason: 'ok', status: 'approved' }), 1, FILE, memory);
    expect(decided).toMatchObject({ ok: true, item: { event: { type: 'approval_decision', approval_id: 'a1', status: 'approved', decided_by: 'riley', reason: 'ok' } } });
    expect(threadLogLineToItems(record('approval.decided', { approval_id: 'a1', status: 'pending' }), 2, FILE, memory)).toEqual([]);
  });

  it('is deterministic: mapping the file again gives the same events', () => {
    expect(JSON.stringify(mapFixture())).toBe(JSON.stringify(mapFixture()));
  });

  it('keeps the response of a turn that streamed no item, then done', () => {
    const memory = new ThreadLogMemory();
    threadLogLineToItems(record('turn.started', { message: 'hi' }), 1, FILE, memory);
    const [complete, done] = threadLogLineToItems(record('turn.completed', { response: 'Hello!' }), 2, FILE, memory);
    expect(threadLogLineToItems(record('turn.done', {}), 3, FILE, memory)).toEqual([]);
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

  it('never throws and yields only valid events, at most one completion per call and one end per turn, whatever the records (fuzz)', () => {
    const kinds = [...mappedThreadLogKinds, 'plan.updated'];
    const payload = fc.record(
      {
        tool_call_id: fc.constantFrom('c1', 'c2'),
        patch_id: fc.constantFrom('c1', 'c2'),
        approval_id: fc.constantFrom('a1', ''),
        name: fc.constantFrom('bash', 'apply_patch', ''),
        status: fc.constantFrom('approved', 'denied', 'pending', 7),
        text: fc.string(),
        response: fc.oneof(fc.string(), fc.constant(null)),
        error: fc.oneof(fc.string(), fc.jsonValue()),
        metadata: fc.jsonValue(),
        files: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
        success: fc.boolean(),
        duration_ms: fc.oneof(fc.integer({ min: -5, max: 10_000 }), fc.constant(null)),
        attempt: fc.integer({ min: -3, max: 5 }),
      },
      { requiredKeys: [] },
    );
    const line = fc.oneof(
      { weight: 1, arbitrary: fc.string() },
      { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom(...kinds), turn_id: fc.constant('t1'), timestamp_ms: fc.integer({ min: 0, max: 2 ** 42 }), payload }).map((r) => record(r.kind, r.payload, { turn_id: r.turn_id, timestamp_ms: r.timestamp_ms })) },
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const memory = new ThreadLogMemory();
        const events = lines.flatMap((text, i) => threadLogLineToItems(text, i + 1, FILE, memory)).flatMap((p) => (p.ok ? [p.item.event] : []));
        for (const event of events) expect(parseEvent(event).ok).toBe(true);
        // Within one turn (turn.started maps to `thinking`) a call completes at most once per start, and the turn ends at most once as done and once as error.
        let completed = new Set<string>();
        let ends: string[] = [];
        for (const event of events) {
          if (event.type === 'thinking') {
            completed = new Set();
            ends = [];
          } else if (event.type === 'tool_call_start') {
            // The same id started again: a new call.
            completed.delete(String((event as { tool_call_id?: string }).tool_call_id));
          } else if (event.type === 'tool_call_complete') {
            const id = String((event as { tool_call_id?: string }).tool_call_id);
            expect(completed.has(id)).toBe(false);
            completed.add(id);
          } else if (event.type === 'done' || event.type === 'error') {
            expect(ends).not.toContain(event.type);
            expect(ends).not.toContain('error');
            ends.push(event.type);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
