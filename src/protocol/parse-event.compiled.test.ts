import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeSchema } from './envelope';
import { eventSchemasByType, isKnownEventType } from './event-schemas';
import { describeIssue, parseEvent } from './parse-event';
import { sampleEvents } from './sample-events';

// parseEvent runs zod's compiled schemas where code generation is allowed. They
// must decide exactly as the schemas themselves: same verdict, same output (keys in
// the same order), same message. The oracle here runs the uncompiled schemas.

function oracle(value: unknown): { ok: boolean; known?: boolean; json?: string; error?: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false };
  const type = (value as { type?: unknown }).type;
  const known = typeof type === 'string' && isKnownEventType(type);
  const result = known ? eventSchemasByType[type].safeParse(value) : envelopeSchema.safeParse(value);
  if (result.success) return { ok: true, known, json: JSON.stringify(result.data) };
  const [first, ...rest] = result.error.issues;
  const described = rest.length === 0 ? describeIssue(first!) : `${describeIssue(first!)} (and ${rest.length} more)`;
  return { ok: false, error: known ? `${String(type)}: ${described}` : described };
}

function actual(value: unknown): { ok: boolean; known?: boolean; json?: string; error?: string } {
  const r = parseEvent(value);
  if (!r.ok) return typeof value !== 'object' || value === null || Array.isArray(value) ? { ok: false } : { ok: false, error: r.error };
  return { ok: true, known: r.known, json: JSON.stringify(r.event) };
}

const samples = Object.values(sampleEvents) as Record<string, unknown>[];

const edgeValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-0, 0.5, -1, 2 ** 53, 2 ** 53 - 1, 8.64e15, 8.64e15 + 1, '', '\uD800', '😀', 'x'.repeat(129), null, true, [], {}),
  fc.constantFrom('2026-11-24T13:00:00.123Z', '2026-11-24T13:00:00+01:00', '2026-02-30T13:00:00Z', '2026-11-24 13:00:00Z'),
);

/** A sample event with a few fields dropped, replaced, added or reordered. */
const mutatedEvent = fc
  .tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), edgeValue, fc.constantFrom('drop', 'replace', 'add', 'move')), { maxLength: 3 }))
  .map(([sample, edits]) => {
    let copy: Record<string, unknown> = { ...sample };
    for (const [pick, value, op] of edits) {
      const keys = Object.keys(copy);
      const key = keys[pick % Math.max(keys.length, 1)] ?? 'type';
      if (op === 'drop') delete copy[key];
      else if (op === 'replace') copy[key] = value;
      else if (op === 'add') copy[`x_${pick % 5}`] = value;
      else {
        // The same key last: output key order must not depend on input order.
        const moved = copy[key];
        const { [key]: _omitted, ...rest } = copy;
        copy = { ...rest, [key]: moved };
      }
    }
    return copy;
  });

describe('compiled event schemas', () => {
  it('decide, build and explain exactly as the schemas do', () => {
    fc.assert(
      fc.property(mutatedEvent, (event) => {
        expect(actual(event)).toEqual(oracle(event));
      }),
      { numRuns: 5000 },
    );
  });

  it('agree on every sample event and on events of unknown types', () => {
    for (const sample of [...samples, { session_id: 's', seq: 1, ts: 0, type: 'future_variant', x: { y: [1] } }]) {
      expect(actual(sample)).toEqual(oracle(sample));
    }
  });
});
