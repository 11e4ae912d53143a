import { describe, expect, it } from 'vitest';
import { eventMatchesText, eventSearchValues, storedSearchTypes } from './event-search';

describe('event search', () => {
  const event = { session_id: 's1', seq: 7, type: 'tool_call_start', name: 'Grep', arguments: '{"pattern":"TODO"}', meta: { nested: ['Ärger'], ok: true } };

  it('searches every string and number value, folded, and no field name', () => {
    expect(eventSearchValues(event).sort()).toEqual(['s1', '7', 'tool_call_start', 'grep', '{"pattern":"todo"}', 'ärger'].sort());
    expect(eventMatchesText(event, 'ärger')).toBe(true);
    expect(eventMatchesText(event, 'ÄRGER')).toBe(true);
    expect(eventMatchesText(event, 'pattern')).toBe(true); // inside the arguments string
    expect(eventMatchesText(event, 'nested')).toBe(false); // a field name only
    expect(eventMatchesText(event, 'true')).toBe(false); // booleans are not text
    expect(eventMatchesText(event, '')).toBe(true);
  });

  it('matches within one value, never across two', () => {
    expect(eventMatchesText({ a: 'foo', b: 'bar' }, 'foobar')).toBe(false);
    expect(eventMatchesText({ a: 'foo', b: 'bar' }, 'o b')).toBe(false);
  });

  it('does not stall on deep nesting', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20_000; i++) deep = { d: deep };
    expect(eventMatchesText(deep, 'bottom')).toBe(false);
  });

  it('turns type and class filters into the stored types that can match', () => {
    expect(storedSearchTypes(undefined, undefined)).toBeUndefined();
    expect(storedSearchTypes(['error', 'thinking', 'future_type'], undefined)).toEqual(['error']);
    expect(storedSearchTypes(undefined, ['ephemeral'])).toEqual([]);
    expect(storedSearchTypes(['error', 'token_usage'], ['durable'])).toEqual(['token_usage']);
    expect(storedSearchTypes(undefined, ['durable'])).toContain('compaction_failed');
  });
});
