import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleEvents } from '#protocol/sample-events';
import { nestsDeeperThan, tooDeepError } from './event-depth';
import { parseIngestLine, parseIngestValue } from './ingest-item';

/** The plain recursive definition, for values shallow enough to recurse over. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** `depth` nested one-element arrays, built without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('event nesting depth', () => {
  it('agrees with the recursive definition on any JSON value, at any limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 14 }), (value, max) => {
        expect(nestsDeeperThan(value, max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 500 },
    );
  });

  it('counts the event itself as depth 1 and scalars as 0', () => {
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: {} }, 1)).toBe(true);
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(nestedArrays(8), 8)).toBe(false);
    expect(nestsDeeperThan(nestedArrays(9), 8)).toBe(true);
  });

  it('walks a value a million deep without overflowing the stack it protects', () => {
    expect(nestsDeeperThan(nestedArrays(1_000_000), 128)).toBe(true);
  });

  it('sees values under keys such as __proto__ and constructor (own data properties from JSON.parse)', () => {
    const value = JSON.parse(`{"__proto__":${JSON.stringify(nestedArrays(10))},"constructor":1}`) as unknown;
    expect(nestsDeeperThan(value, 10)).toBe(true);
  });

  it('is checked by the gate every path shares, before the schemas, with the limit named', () => {
    const event = { ...sampleEvents.tool_call_metadata, metadata: nestedArrays(200) };
    expect(parseIngestValue(event)).toEqual({ ok: false, error: tooDeepError(128) });
    expect(parseIngestLine(JSON.stringify(event), 300)).toMatchObject({ ok: true });
    expect(tooDeepError(128)).toBe('event nests objects and arrays deeper than the maxEventDepth limit of 128 (TETHER_MAX_EVENT_DEPTH)');
  });
});
