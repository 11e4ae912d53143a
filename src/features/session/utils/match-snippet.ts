import { oneLine } from '../../../lib/format/format';
import { foldSearchText } from '../../../protocol/event-search';

/** Characters shown on each side of the match. */
const CONTEXT_CHARS = 40;

/**
 * The words around the first string value of `event` that contains `text`
 * (any case), on one line: what a search result shows, since the match may lie
 * deep in a tool's output that the row's summary cuts off. Null when no string
 * value holds it (a number, or nothing: then the summary says enough). Pass the
 * event masked for display: a secret must not surface here either.
 */
export function matchSnippet(event: unknown, text: string): string | null {
  const needle = foldSearchText(text);
  if (needle === '') return null;
  const pending: unknown[] = [event];
  for (let visited = 0; pending.length > 0 && visited < 10_000; visited++) {
    const value = pending.shift();
    if (typeof value === 'string') {
      const at = foldSearchText(value).indexOf(needle);
      // Folding can change a string's length (rarely: 'İ'); then the cut is approximate, never wrong about the match.
      if (at >= 0) {
        const start = Math.max(0, at - CONTEXT_CHARS);
        const end = Math.min(value.length, at + needle.length + CONTEXT_CHARS);
        return `${start > 0 ? '…' : ''}${oneLine(value.slice(start, end), end - start + 1)}${end < value.length ? '…' : ''}`;
      }
    } else if (value !== null && typeof value === 'object') {
      pending.push(...Object.values(value));
    }
  }
  return null;
}
