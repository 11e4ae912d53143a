import { describe, expect, it } from 'vitest';
import { engineSerialises } from '../test-support/engine-json';
import { eventPageJson, storedEventJson, UNREADABLE_EVENT_TYPE } from './stored-event-json';

const envelope = { session_id: 's1', seq: 3, ts: '2026-12-03T12:00:00.000Z', type: 'tool_call_start' };

describe('storedEventJson', () => {
  it('is JSON.stringify for an ordinary event', () => {
    const event = { ...envelope, name: 'bash', arguments: '{}' };
    expect(storedEventJson(event)).toBe(JSON.stringify(event));
  });

  it('replaces an event whose serialisation overflows the stack with a stand-in that keeps its envelope and says why', () => {
    // A real stack overflow on any engine. Deep nesting is not one everywhere: Node 20's
    // JSON.stringify recurses and overflows on an event nested 12,000 deep, Node 26's does not.
    const bottomless = { toJSON: (): number => (function down(n: number): number { return down(n + 1) + 1; })(0) };
    const standIn = JSON.parse(storedEventJson({ ...envelope, extra: bottomless })) as Record<string, unknown>;
    expect(standIn).toEqual({
      session_id: 's1',
      seq: 3,
      ts: envelope.ts,
      type: UNREADABLE_EVENT_TYPE,
      original_type: 'tool_call_start',
      // The engine's own words sit in the parentheses and differ between engines: not pinned.
      reason: expect.stringMatching(/^the stored event is nested too deeply to serialise \(.+\); it was accepted before ingest limited nesting depth$/),
    });
  });

  it('serialises an event nested 12,000 deep as it is where the engine can, else as the stand-in', () => {
    const event = { ...envelope, extra: JSON.parse(`${'{"a":'.repeat(12_000)}1${'}'.repeat(12_000)}`) as unknown };
    // Compared as text: a deep equality of 12,000 levels would overflow the test's own stack.
    if (engineSerialises(event)) expect(storedEventJson(event)).toBe(JSON.stringify(event));
    else expect((JSON.parse(storedEventJson(event)) as { type: string }).type).toBe(UNREADABLE_EVENT_TYPE);
  });

  it('names any other reason an event cannot be serialised', () => {
    const standIn = JSON.parse(storedEventJson({ ...envelope, tokens: 10n })) as { reason: string };
    // After the colon, the engine's own words (V8 names the BigInt): not pinned.
    expect(standIn.reason).toMatch(/^the stored event could not be serialised: .+/);
  });
});

describe('eventPageJson', () => {
  it('is the page as JSON, the unreadable event alone replaced', () => {
    const cyclic = { ...envelope, seq: 2, self: null as unknown };
    cyclic.self = cyclic;
    const page = { events: [{ cursor: 1, event: { ...envelope, seq: 1 } }, { cursor: 2, event: cyclic }], next_cursor: null };
    const parsed = JSON.parse(eventPageJson(page)) as { events: { cursor: number; event: { type: string } }[]; next_cursor: null };
    expect(parsed.events.map((r) => [r.cursor, r.event.type])).toEqual([
      [1, 'tool_call_start'],
      [2, UNREADABLE_EVENT_TYPE],
    ]);
    expect(parsed.next_cursor).toBeNull();
  });
});
