import { describe, expect, it } from 'vitest';
import { eventPageJson, storedEventJson, UNREADABLE_EVENT_TYPE } from './stored-event-json';

const envelope = { session_id: 's1', seq: 3, ts: '2026-12-03T12:00:00.000Z', type: 'tool_call_start' };

describe('storedEventJson', () => {
  it('is JSON.stringify for an ordinary event', () => {
    const event = { ...envelope, name: 'bash', arguments: '{}' };
    expect(storedEventJson(event)).toBe(JSON.stringify(event));
  });

  it('replaces an event too deep to serialise with a stand-in that keeps its envelope and says why', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(12_000)}1${'}'.repeat(12_000)}`) as unknown;
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const standIn = JSON.parse(storedEventJson({ ...envelope, extra: deep })) as Record<string, unknown>;
    expect(standIn).toEqual({
      session_id: 's1',
      seq: 3,
      ts: envelope.ts,
      type: UNREADABLE_EVENT_TYPE,
      original_type: 'tool_call_start',
      reason: expect.stringMatching(/^the stored event is nested too deeply to serialise \(Maximum call stack size exceeded\)/),
    });
  });

  it('names any other reason an event cannot be serialised', () => {
    const standIn = JSON.parse(storedEventJson({ ...envelope, tokens: 10n })) as { reason: string };
    expect(standIn.reason).toMatch(/^the stored event could not be serialised: .*BigInt/);
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
