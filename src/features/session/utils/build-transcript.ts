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

export type ToolMetadataEvent = EventOf<'tool_call_metadata'>;
export type ApprovalDecisionEvent = EventOf<'approval_decision'>;

export type TranscriptItem =
  | { kind: 'text'; key: string; event: EventOf<'text_complete'> }
  | { kind: 'thought'; key: string; event: EventOf<'thinking_complete'> }
  | {
      kind: 'tool';
      key: string;
      toolKey: string;
      start: EventOf<'tool_call_start'> | null;
      complete: EventOf<'tool_call_complete'> | null;
      /** What the producer said about the call besides its start and end (command, exit code, patch), oldest first. */
      metadata: readonly ToolMetadataEvent[];
    }
  | { kind: 'approval'; key: string; event: EventOf<'approval_request'>; decision: ApprovalDecisionEvent | null }
  | { kind: 'error'; key: string; event: EventOf<'error'> }
  | { kind: 'done'; key: string; event: EventOf<'done'> };

/** The event types the transcript is built from (the session page hands it only those rows). */
export const transcriptEventTypes: ReadonlySet<string> = new Set([
  'text_complete',
  'thinking_complete',
  'tool_call_start',
  'tool_call_complete',
  'tool_call_metadata',
  'approval_request',
  'approval_decision',
  'error',
  'done',
]);

/**
 * Items are kept per event object, so an item is the same object from one
 * build to the next while its events are (memoised rows then skip re-rendering).
 * A tool item is keyed by its start (or orphan completion) and rebuilt when its
 * completion or metadata changes; an approval when its decision arrives.
 */
const itemCache = new WeakMap<object, TranscriptItem>();

function cached<T extends TranscriptItem>(owner: object, make: () => T, isCurrent: (item: T) => boolean = () => true): T {
  const hit = itemCache.get(owner) as T | undefined;
  if (hit && isCurrent(hit)) return hit;
  const item = make();
  itemCache.set(owner, item);
  return item;
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const NO_METADATA: readonly ToolMetadataEvent[] = [];

/** Metadata by call id and decisions by approval id: they may arrive before or after what they describe. */
function gatherAnnotations(rows: readonly TimelineRow[]) {
  const metadataByCall = new Map<string, ToolMetadataEvent[]>();
  const decisionByApproval = new Map<string, ApprovalDecisionEvent>();
  for (const row of rows) {
    const event = knownEvent(row.event);
    if (event?.type === 'tool_call_metadata') {
      const list = metadataByCall.get(event.tool_call_id);
      if (list) list.push(event);
      else metadataByCall.set(event.tool_call_id, [event]);
    } else if (event?.type === 'approval_decision') {
      decisionByApproval.set(event.approval_id, event);
    }
  }
  return { metadataByCall, decisionByApproval };
}

type ToolItem = Extract<TranscriptItem, { kind: 'tool' }>;

/**
 * Pure (the cache only shares equal objects): rows in seq order in, items in
 * seq order out. A completion finds its start by id, else the oldest open call
 * of that name; metadata joins the call of its id; a decision joins the
 * approval of its id.
 */
export function buildTranscript(rows: readonly TimelineRow[]): TranscriptItem[] {
  const { metadataByCall, decisionByApproval } = gatherAnnotations(rows);
  const metadataOf = (toolKey: string) => metadataByCall.get(toolKey) ?? NO_METADATA;
  const items: TranscriptItem[] = [];
  const openTools = new Map<string, number>();
  // At its start a cached item may already hold its completion (from the last build): kept, the completion row confirms it.
  const toolItem = (owner: object, draft: ToolItem, atStart = false): ToolItem =>
    cached(owner, () => draft, (item) => item.kind === 'tool' && item.start === draft.start && (atStart || item.complete === draft.complete) && sameList(item.metadata, draft.metadata));
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
        items.push(toolItem(event, { kind: 'tool', key, toolKey, start: event, complete: null, metadata: metadataOf(toolKey) }, true));
        break;
      }
      case 'tool_call_complete': {
        const toolKey = event.tool_call_id ?? `name:${event.name}`;
        const index = openTools.get(toolKey);
        const open = index === undefined ? undefined : items[index];
        if (open?.kind === 'tool') {
          items[index!] = toolItem(open.start ?? event, { ...open, complete: event });
          openTools.delete(toolKey);
        } else {
          // Its start was trimmed or never seen: show the result alone.
          items.push(toolItem(event, { kind: 'tool', key, toolKey, start: null, complete: event, metadata: metadataOf(toolKey) }));
        }
        break;
      }
      case 'approval_request': {
        const decision = decisionByApproval.get(event.approval_id) ?? null;
        items.push(cached(event, () => ({ kind: 'approval', key, event, decision }), (item) => item.kind === 'approval' && item.decision === decision));
        break;
      }
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
