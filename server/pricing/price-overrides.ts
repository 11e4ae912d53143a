import { z } from 'zod';
import type { PriceRule } from '#protocol/cost-schemas';

// The operator's own prices (TETHER_PRICES_FILE): a JSON array of entries that
// win over the catalogue. Pure: parsing and lookup, no file access.

const rate = z.number().nonnegative().finite();

export const priceOverrideEntrySchema = z.strictObject({
  /** The exact model name as agents report it, or a prefix ending in `*`. */
  model: z
    .string()
    .min(1)
    .regex(/^[^*]+\*?$/, 'expected a model name, optionally ending in * for a prefix match (no other *)'),
  input_per_mtok: rate,
  output_per_mtok: rate,
  cache_read_per_mtok: rate.optional(),
  cache_write_per_mtok: rate.optional(),
  /** RFC 3339 with a zone, e.g. 2026-11-01T00:00:00Z: the entry applies from then until the next entry for the same model. */
  effective_from: z.iso.datetime({ offset: true }).optional(),
  label: z.string().max(200).optional(),
});
export type PriceOverrideEntry = z.infer<typeof priceOverrideEntrySchema>;

/** One entry, ready for lookups. */
export interface PriceOverride {
  model: string;
  /** True for `prefix*`; `model` is then the prefix. */
  prefix: boolean;
  /** -Infinity when the entry has no effective_from. */
  fromMs: number;
  entry: PriceOverrideEntry;
}

export type ParsedOverrides = { ok: true; overrides: PriceOverride[] } | { ok: false; error: string };

/** Validates the file's text; the error names the entry (1-based, with its model when readable) and the field. */
export function parsePriceOverrides(text: string): ParsedOverrides {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not valid JSON: ${(err as Error).message}` };
  }
  // `{"prices": [...]}` is accepted too, so the file can grow other keys later.
  if (isPricesObject(json)) json = json.prices;
  if (!Array.isArray(json)) return { ok: false, error: 'expected a JSON array of price entries, or {"prices": [...]}' };
  const overrides: PriceOverride[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < json.length; i++) {
    const parsed = priceOverrideEntrySchema.safeParse(json[i]);
    const where = `entry ${i + 1} of ${json.length}${modelOf(json[i])}`;
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field =
        issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.length > 0 ? issue.path.map(String).join('.') : '(entry)';
      return { ok: false, error: `${where}: field \`${field}\`: ${issue.message}` };
    }
    const entry = parsed.data;
    const fromMs = entry.effective_from === undefined ? -Infinity : Date.parse(entry.effective_from);
    const key = `${entry.model}\u0000${fromMs}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      return { ok: false, error: `${where}: field \`effective_from\`: entry ${earlier} already prices ${entry.model} from the same time` };
    }
    seen.set(key, i + 1);
    const prefix = entry.model.endsWith('*');
    overrides.push({ model: prefix ? entry.model.slice(0, -1) : entry.model, prefix, fromMs, entry });
  }
  return { ok: true, overrides };
}

const isPricesObject = (value: unknown): value is { prices: unknown } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'prices' in value;

const modelOf = (value: unknown): string =>
  typeof value === 'object' && value !== null && typeof (value as { model?: unknown }).model === 'string'
    ? ` (model ${JSON.stringify((value as { model: string }).model)})`
    : '';

/**
 * The override in force for `model` at `atMs`: the most specific pattern (the exact
 * name, then the longest prefix) that has an entry in force; within a pattern, the
 * entry with the latest effective_from not after `atMs`. Null: none applies.
 */
export function overrideAt(overrides: readonly PriceOverride[], model: string, atMs: number): PriceOverride | null {
  let best: PriceOverride | null = null;
  for (const candidate of overrides) {
    if (candidate.fromMs > atMs) continue;
    if (candidate.prefix ? !model.startsWith(candidate.model) : candidate.model !== model) continue;
    if (best === null || moreSpecific(candidate, best) || (samePattern(candidate, best) && candidate.fromMs > best.fromMs)) best = candidate;
  }
  return best;
}

const specificity = (o: PriceOverride) => (o.prefix ? o.model.length : Number.MAX_SAFE_INTEGER);
const moreSpecific = (a: PriceOverride, b: PriceOverride) => specificity(a) > specificity(b);
const samePattern = (a: PriceOverride, b: PriceOverride) => a.prefix === b.prefix && a.model === b.model;

/** The rule an override makes for one reported model name. */
export function overrideRule(model: string, override: PriceOverride): PriceRule {
  const { entry } = override;
  return {
    model,
    kind: 'override',
    provider: entry.label ?? null,
    matched_model: entry.model,
    input_per_mtok: entry.input_per_mtok,
    output_per_mtok: entry.output_per_mtok,
    cache_read_per_mtok: entry.cache_read_per_mtok ?? null,
    cache_write_per_mtok: entry.cache_write_per_mtok ?? null,
    effective_from_ms: Number.isFinite(override.fromMs) ? override.fromMs : null,
    note: entry.label === undefined ? null : `override: ${entry.label}`,
  };
}
