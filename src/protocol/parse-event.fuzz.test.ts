import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent, parseEventJson } from './parse-event';
import { sampleEvents } from './sample-events';

const samples = Object.values(sampleEvents) as Record<string, unknown>[];

/** A sample event with one field dropped, retyped or replaced by arbitrary JSON. */
const mutatedEvent = fc
  .tuple(fc.constantFrom(...samples), fc.nat(), fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('drop', 'replace', 'add'))
  .map(([sample, pick, value, op]) => {
    const copy: Record<string, unknown> = { ...sample };
    const keys = Object.keys(copy);
    const key = keys[pick % keys.length]!;
    if (op === 'drop') delete copy[key];
    else if (op === 'replace') copy[key] = value;
    else copy[`x_${pick}`] = value;
    return copy;
  });

describe('parser fuzz', () => {
  it('never throws on arbitrary JSON values and always explains a rejection', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const r = parseEvent(value);
        if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary text, including broken UTF-16 and control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const r = parseEventJson(text);
        if (!r.ok) expect(r.error).toBeTruthy();
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated events are either valid or rejected naming a field', () => {
    fc.assert(
      fc.property(mutatedEvent, (event) => {
        const r = parseEvent(event);
        if (r.ok) expect(parseEvent(JSON.parse(JSON.stringify(r.event))).ok).toBe(true);
        else expect(r.error).toMatch(/field `[^`]+`|expected/);
      }),
      { numRuns: 3000 },
    );
  });

  it('survives very deep nesting and very long strings', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(parseEvent({ ...sampleEvents.tool_call_metadata, metadata: deep }).ok).toBe(true);
    const deepText = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseEventJson(deepText).ok).toBe(false);
    const long = 'x'.repeat(5_000_000);
    expect(parseEvent({ ...sampleEvents.text_complete, text: long }).ok).toBe(true);
    expect(parseEvent({ ...sampleEvents.done, session_id: long }).ok).toBe(false);
  });
});
