import { eventClassByType, eventClassOf, isStored, type EventClass } from './event-class';

// What "an event matches the Find text" means, in one place: the event log
// filters what it has loaded with it, and the server searches the whole stored
// session with it (server/store/event-search-plan.ts), so both agree on a match.

/**
 * Case-insensitive comparison form: Unicode lower case, the same in every
 * browser and in Node, whatever the locale or the database's collation.
 */
export function foldSearchText(text: string): string {
  return text.toLowerCase();
}

/**
 * Nesting deeper than this is not searched: old stored rows may be nested
 * thousands deep (before ingest limited depth), and a search must not stall on one.
 */
const MAX_SEARCH_DEPTH = 64;

/**
 * The text an operator can search in an event: every string and number value
 * at any depth, folded, one entry per value. Keys are not text: "tool_call_id"
 * names a field of every tool event, so matching it would match them all.
 */
export function eventSearchValues(event: unknown): string[] {
  const values: string[] = [];
  const pending: { value: unknown; depth: number }[] = [{ value: event, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (typeof value === 'string') values.push(foldSearchText(value));
    else if (typeof value === 'number') values.push(String(value));
    else if (value !== null && typeof value === 'object' && depth < MAX_SEARCH_DEPTH) {
      for (const child of Object.values(value)) pending.push({ value: child, depth: depth + 1 });
    }
  }
  return values;
}

/** Whether one value contains the folded needle; an empty needle matches everything. */
export function searchValuesMatch(values: readonly string[], foldedNeedle: string): boolean {
  return foldedNeedle === '' || values.some((value) => value.includes(foldedNeedle));
}

/** Whether `event` has `text` (any case) inside one of its values. */
export function eventMatchesText(event: unknown, text: string): boolean {
  const needle = foldSearchText(text);
  return needle === '' || searchValuesMatch(eventSearchValues(event), needle);
}

/**
 * The stored types a server search may return, from its `type` and `class`
 * filters: undefined for "any type", an empty list when no stored type can
 * match (the ephemeral class, say, or an unknown type: neither is ever stored).
 */
export function storedSearchTypes(types: readonly string[] | undefined, classes: readonly EventClass[] | undefined): string[] | undefined {
  if (types === undefined && classes === undefined) return undefined;
  const candidates = types === undefined ? Object.keys(eventClassByType) : [...new Set(types)];
  return candidates.filter((type) => isStored(type) && (classes === undefined || classes.includes(eventClassOf(type))));
}
