import { z } from 'zod';

/**
 * A JSON object keyed by ids (session ids, say) read into a Map. `z.record`
 * cannot carry every id: it copies entries into a plain object, where the key
 * `__proto__` sets the prototype instead of adding an entry, and lookups of ids
 * such as `constructor` or `toString` find Object.prototype's members. Here
 * every own key of the parsed JSON is an entry, and each value is validated.
 */
export function idMapSchema<V extends z.ZodType>(value: V): z.ZodType<Map<string, z.output<V>>, Record<string, z.input<V>>> {
  // Typed on the way in as the JSON object a sender builds (with a null-prototype object,
  // so every id is an own key); what it parses is any value, checked below.
  return z.unknown().transform((raw, ctx): Map<string, z.output<V>> => {
    const entries = new Map<string, z.output<V>>();
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      ctx.addIssue({ code: 'custom', message: 'expected an object keyed by id' });
      return entries;
    }
    for (const [key, item] of Object.entries(raw)) {
      const parsed = value.safeParse(item);
      if (parsed.success) entries.set(key, parsed.data);
      else for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
    }
    return entries;
  }) as unknown as z.ZodType<Map<string, z.output<V>>, Record<string, z.input<V>>>;
}
