// Lenient readers for hand-editable URL values: what does not fit is dropped or
// falls back, the rest of the view still applies. Plain code, not zod: the Cost
// page reads its URL with these in the app's early entry (src/app/early-start.ts),
// which must start the page's reads before zod and the schemas have loaded.

export function isOneOf<T extends string>(values: readonly T[], raw: string | null): raw is T {
  return raw !== null && (values as readonly string[]).includes(raw);
}

/** `raw` when it is one of `values`, else `fallback`. */
export function oneOf<T extends string>(values: readonly T[], raw: string | null, fallback: T): T {
  return isOneOf(values, raw) ? raw : fallback;
}

/** A whole number written in plain digits, from `min` to `max`; null otherwise. */
export function wholeNumber(raw: string | null, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
  if (raw === null || !/^\d{1,16}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= min && value <= max ? value : null;
}

/**
 * A comma list (`a,b`): each item trimmed, kept when not empty and `accept` allows
 * it, each once, at most `maxItems` of them (more is a hand-made URL, not a view).
 */
export function commaList(raw: string | null, accept: (item: string) => boolean, maxItems: number): string[] {
  const items = (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '' && accept(item));
  return [...new Set(items)].slice(0, maxItems);
}
