import { describe, expect, it } from 'vitest';
import { overrideAt, parsePriceOverrides, type PriceOverride } from './price-overrides';

const parse = (entries: unknown) => parsePriceOverrides(JSON.stringify(entries));
const overridesOf = (entries: unknown): PriceOverride[] => {
  const parsed = parse(entries);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.overrides;
};

describe('parsePriceOverrides', () => {
  it('accepts entries with optional cache rates, dates and labels', () => {
    const overrides = overridesOf([
      { model: 'acme/m1', input_per_mtok: 1, output_per_mtok: 2 },
      { model: 'acme/*', input_per_mtok: 3, output_per_mtok: 4, cache_read_per_mtok: 0.3, effective_from: '2026-11-01T00:00:00+01:00', label: 'contract' },
    ]);
    expect(overrides.map((o) => [o.model, o.prefix, o.fromMs])).toEqual([
      ['acme/m1', false, -Infinity],
      ['acme/', true, Date.UTC(2026, 9, 31, 23)],
    ]);
  });

  it('accepts the entries wrapped as {"prices": [...]}', () => {
    const wrapped = overridesOf({ prices: [{ model: 'acme/m1', input_per_mtok: 1, output_per_mtok: 2 }] });
    expect(wrapped.map((o) => o.model)).toEqual(['acme/m1']);
  });

  it.each([
    ['not JSON', '{', /^not valid JSON/],
    ['prices that are not an array', '{"prices":{"model":"x"}}', /expected a JSON array/],
    ['not an array', '{"model":"x"}', /expected a JSON array/],
    ['a string rate', [{ model: 'a', input_per_mtok: 1, output_per_mtok: 2 }, { model: 'b', input_per_mtok: '1', output_per_mtok: 2 }],
      /^entry 2 of 2 \(model "b"\): field `input_per_mtok`: .*expected number/],
    ['a missing rate', [{ model: 'a', input_per_mtok: 1 }], /^entry 1 of 1 \(model "a"\): field `output_per_mtok`/],
    ['a negative rate', [{ model: 'a', input_per_mtok: -1, output_per_mtok: 2 }], /field `input_per_mtok`: .*>=0/],
    ['a date without a zone', [{ model: 'a', input_per_mtok: 1, output_per_mtok: 2, effective_from: '2026-11-01T00:00:00' }], /field `effective_from`/],
    ['a star inside the name', [{ model: 'a*b', input_per_mtok: 1, output_per_mtok: 2 }], /field `model`: .*ending in \*/],
    ['an unknown field', [{ model: 'a', input_per_mtok: 1, output_per_mtok: 2, output: 3 }], /field `output`/],
    ['two entries for the same model and time', [
      { model: 'a', input_per_mtok: 1, output_per_mtok: 2, effective_from: '2026-11-01T00:00:00Z' },
      { model: 'a', input_per_mtok: 1, output_per_mtok: 3, effective_from: '2026-11-01T01:00:00+01:00' },
    ], /^entry 2 of 2 \(model "a"\): field `effective_from`: entry 1 already prices a from the same time/],
  ])('refuses %s, naming the entry and field', (_label, input, message) => {
    const parsed = parsePriceOverrides(typeof input === 'string' ? input : JSON.stringify(input));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });
});

describe('overrideAt', () => {
  const nov = Date.UTC(2026, 10, 1);
  const overrides = overridesOf([
    { model: 'acme/*', input_per_mtok: 1, output_per_mtok: 1 },
    { model: 'acme/big*', input_per_mtok: 2, output_per_mtok: 2 },
    { model: 'acme/big-1', input_per_mtok: 3, output_per_mtok: 3, effective_from: '2026-11-01T00:00:00Z' },
    { model: 'acme/big-1', input_per_mtok: 4, output_per_mtok: 4, effective_from: '2026-12-01T00:00:00Z' },
  ]);
  const inputAt = (model: string, atMs: number) => overrideAt(overrides, model, atMs)?.entry.input_per_mtok ?? null;

  it('applies each dated entry from its date until the next one for the same model', () => {
    expect(inputAt('acme/big-1', nov)).toBe(3);
    expect(inputAt('acme/big-1', Date.UTC(2026, 11, 1) - 1)).toBe(3);
    expect(inputAt('acme/big-1', Date.UTC(2026, 11, 1))).toBe(4);
  });

  it('prefers the exact name, then the longest prefix in force', () => {
    // Before the exact entries take effect, the longest prefix applies.
    expect(inputAt('acme/big-1', nov - 1)).toBe(2);
    expect(inputAt('acme/big-2', nov)).toBe(2);
    expect(inputAt('acme/small', nov)).toBe(1);
    expect(inputAt('other/big-1', nov)).toBeNull();
  });
});
