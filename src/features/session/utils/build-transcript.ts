import { maskSecretsInJson } from '../../../lib/mask-secrets';
import type { EventOf } from '../../../protocol/event-schemas';
import type { TimelineRow } from './merge-timeline';
import { knownEvent } from './typed-event';

// The transcript, step by step, from the stored history plus the live ring:
// the same rows rebuild the same transcript after a reload. What is still in
// progress (streaming text, a running tool's timer and output) comes from the
// live state and is drawn on top by the components. Ephemeral events (stream
// retries, ticks) are left out: they are not stored, and a reload must show the
// same transcript; the current retry is shown live by the retry banner.

export type TranscriptItem =
  | { kind: 'text'; key: string; event: EventOf<'text_complete'> }
  | { kind: 'thought'; key: string; event: EventOf<'thinking_complete'> }
  | { kind: 'tool'; key: string; toolKey: string; start: EventOf<'tool_call_start'> | null; complete: EventOf<'tool_call_complete'> | null }
  | { kind: 'approval'; key: string; event: EventOf<'approval_request'> }
  | { kind: 'error'; key: string; event: EventOf<'error'> }
  | { kind: 'done'; key: string; event: EventOf<'done'> };

/**
 * Items are kept per event object, so an item is the same object from one
 * build to the next while its events are (memoised rows then skip re-rendering).
 * A tool item is keyed by its start (or orphan completion) and rebuilt when its completion arrives.
 */
const itemCache = new WeakMap<object, TranscriptItem>();

function cached<T extends TranscriptItem>(owner: object, make: () => T, isCurrent: (item: T) => boolean = () => true): T {
  const hit = itemCache.get(owner) as T | undefined;
  if (hit && isCurrent(hit)) return hit;
  const item = make();
  itemCache.set(owner, item);
  return item;
}

/** Pure (the cache only shares equal objects): rows in seq order in, items in seq order out. A completion finds its start by id, else the oldest open call of that name. */
export function buildTranscript(rows: readonly TimelineRow[]): TranscriptItem[] {
  const items: TranscriptItem[] = [];
  const openTools = new Map<string, number>();
  for (const row of rows) {
    const event = knownEvent(row.event);
    if (!event) continue;
    const key = `${event.type}:${event.seq}`;
    switch (event.type) {
      case 'text_complete':
        items.push(cached(event, () => ({ kind: 'text', key, event })));
        break;
      case 'thinking_complete':
        items.push(cached(event, () => ({ kind: 'thought', key, event })));
        break;
      case 'tool_call_start': {
        const toolKey = event.tool_call_id ?? `name:${event.name}`;
        openTools.set(toolKey, items.length);
        items.push(cached(event, () => ({ kind: 'tool', key, toolKey, start: event, complete: null })));
        break;
      }
      case 'tool_call_complete': {
        const toolKey = event.tool_call_id ?? `name:${event.name}`;
        const index = openTools.get(toolKey);
        const open = index === undefined ? undefined : items[index];
        if (open?.kind === 'tool') {
          items[index!] = cached(open.start ?? event, () => ({ ...open, complete: event }), (item) => item.kind === 'tool' && item.complete === event);
          openTools.delete(toolKey);
        } else {
          // Its start was trimmed or never seen: show the result alone.
          items.push(cached(event, () => ({ kind: 'tool', key, toolKey, start: null, complete: event })));
        }
        break;
      }
      case 'approval_request':
        items.push(cached(event, () => ({ kind: 'approval', key, event })));
        break;
      case 'error':
        items.push(cached(event, () => ({ kind: 'error', key, event })));
        break;
      case 'done':
        items.push(cached(event, () => ({ kind: 'done', key, event })));
        break;
      default:
        break;
    }
  }
  return items;
}

/** Arguments as a producer sent them, secrets masked, pretty-printed when they are JSON (they may be truncated, then raw). */
export function prettyArguments(text: string): string {
  return maskSecretsInJson(text, 2);
}
