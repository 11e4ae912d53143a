import { maskSecretsInJson } from '../../../lib/format/mask-secrets';
import type { EventOf } from '../../../protocol/event-schemas';
import type { TimelineRow } from './timeline-rows';
import { knownEvent } from './typed-event';
import { toolKey as toolKeyOf } from '../../../protocol/live-present/open-loops';

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

function cached<T extends TranscriptItem>(owner: object, draft: T, isCurrent: (item: T) => boolean = () => true): T {
  const hit = itemCache.get(owner) as T | undefined;
  if (hit && isCurrent(hit)) return hit;
  itemCache.set(owner, draft);
  return draft;
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const NO_METADATA: readonly ToolMetadataEvent[] = [];

type ToolItem = Extract<TranscriptItem, { kind: 'tool' }>;
type ApprovalItem = Extract<TranscriptItem, { kind: 'approval' }>;

const sameTool = (draft: ToolItem) => (item: ToolItem) => item.start === draft.start && item.complete === draft.complete && sameList(item.metadata, draft.metadata);

/**
 * A transcript built so far, and what extending it needs: which calls are
 * open, where each call's and approval's items are, and metadata and decisions
 * that arrived before what they describe. `rows` are the rows it was built from.
 */
export interface TranscriptBuild {
  rows: readonly TimelineRow[];
  items: readonly TranscriptItem[];
  /** Internal bookkeeping, mutated as rows are added: a build is extended at most once (see extendTranscript). */
  state: {
    openTools: Map<string, number>;
    toolItems: Map<string, number[]>;
    approvalItems: Map<string, number[]>;
    metadataByCall: Map<string, readonly ToolMetadataEvent[]>;
    decisionByApproval: Map<string, ApprovalDecisionEvent>;
  };
}

function pushIndex(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

/**
 * Metadata and decisions among `rows[from..]` first: they may come before or
 * after what they describe. Items built earlier that they describe are
 * replaced; items built from these rows will be built with them.
 */
function gatherAnnotations(items: TranscriptItem[], state: TranscriptBuild['state'], rows: readonly TimelineRow[], from: number): void {
  const calls = new Set<string>();
  const approvals = new Set<string>();
  for (let r = from; r < rows.length; r++) {
    const event = knownEvent(rows[r]!.event);
    if (event?.type === 'tool_call_metadata') {
      state.metadataByCall.set(event.tool_call_id, [...(state.metadataByCall.get(event.tool_call_id) ?? NO_METADATA), event]);
      calls.add(event.tool_call_id);
    } else if (event?.type === 'approval_decision') {
      state.decisionByApproval.set(event.approval_id, event);
      approvals.add(event.approval_id);
    }
  }
  for (const call of calls) {
    const metadata = state.metadataByCall.get(call)!;
    for (const index of state.toolItems.get(call) ?? []) {
      const item = items[index] as ToolItem;
      const draft: ToolItem = { ...item, metadata };
      items[index] = cached(item.start ?? item.complete!, draft, sameTool(draft));
    }
  }
  for (const id of approvals) {
    const decision = state.decisionByApproval.get(id)!;
    for (const index of state.approvalItems.get(id) ?? []) {
      const item = items[index] as ApprovalItem;
      items[index] = cached(item.event, { ...item, decision }, (hit) => hit.decision === decision);
    }
  }
}

/** Adds `rows[from..]` (newer than everything before them) to `items`, in place. */
function addRows(items: TranscriptItem[], state: TranscriptBuild['state'], rows: readonly TimelineRow[], from: number): void {
  gatherAnnotations(items, state, rows, from);
  for (let r = from; r < rows.length; r++) {
    const event = knownEvent(rows[r]!.event);
    if (!event) continue;
    const key = `${event.type}:${event.seq}`;
    switch (event.type) {
      case 'text_complete':
        items.push(cached(event, { kind: 'text', key, event }));
        break;
      case 'thinking_complete':
        items.push(cached(event, { kind: 'thought', key, event }));
        break;
      case 'tool_call_start': {
        const toolKey = toolKeyOf(event.tool_call_id, event.name);
        state.openTools.set(toolKey, items.length);
        pushIndex(state.toolItems, toolKey, items.length);
        const draft: ToolItem = { kind: 'tool', key, toolKey, start: event, complete: null, metadata: state.metadataByCall.get(toolKey) ?? NO_METADATA };
        // A cached item may already hold its completion (from an earlier build): kept, the completion row confirms it.
        items.push(cached(event, draft, (item) => item.start === draft.start && sameList(item.metadata, draft.metadata)));
        break;
      }
      case 'tool_call_complete': {
        const toolKey = toolKeyOf(event.tool_call_id, event.name);
        const index = state.openTools.get(toolKey);
        const open = index === undefined ? undefined : items[index];
        if (open?.kind === 'tool') {
          const draft: ToolItem = { ...open, complete: event };
          items[index!] = cached(open.start ?? event, draft, sameTool(draft));
          state.openTools.delete(toolKey);
        } else {
          // Its start was trimmed or never seen: show the result alone.
          pushIndex(state.toolItems, toolKey, items.length);
          const draft: ToolItem = { kind: 'tool', key, toolKey, start: null, complete: event, metadata: state.metadataByCall.get(toolKey) ?? NO_METADATA };
          items.push(cached(event, draft, sameTool(draft)));
        }
        break;
      }
      case 'approval_request': {
        const decision = state.decisionByApproval.get(event.approval_id) ?? null;
        pushIndex(state.approvalItems, event.approval_id, items.length);
        items.push(cached(event, { kind: 'approval', key, event, decision }, (item) => item.decision === decision));
        break;
      }
      case 'error':
        items.push(cached(event, { kind: 'error', key, event }));
        break;
      case 'done':
        items.push(cached(event, { kind: 'done', key, event }));
        break;
      default:
        break;
    }
  }
}

/**
 * `next` holds every row of `previous` first: the timeline only grew at its
 * end. Told by its ends, by event: a stored event the history has since read
 * comes as a new row object of the same (session, seq), which changes nothing.
 */
function extendsRows(previous: readonly TimelineRow[], next: readonly TimelineRow[]): boolean {
  const n = previous.length;
  return n > 0 && next.length >= n && sameEvent(next[0]!, previous[0]!) && sameEvent(next[n - 1]!, previous[n - 1]!);
}

const sameEvent = (a: TimelineRow, b: TimelineRow) => a === b || (a.seq === b.seq && a.event.type === b.event.type);

/**
 * The transcript of `rows` (in seq order). When `previous` was built from a
 * prefix of them (the usual case: new events arrive at the end), only the new
 * rows are read: the work per frame follows what arrived, not the session's
 * length. Otherwise (a reload, earlier history read, a late event) it is built
 * from scratch. The result equals buildTranscript(rows) either way. `previous`
 * must not be extended twice (its bookkeeping moves on): keep the latest build.
 */
export function extendTranscript(previous: TranscriptBuild | null, rows: readonly TimelineRow[]): TranscriptBuild {
  if (previous && previous.rows === rows) return previous;
  const grows = previous !== null && extendsRows(previous.rows, rows);
  const state: TranscriptBuild['state'] = grows
    ? previous.state
    : { openTools: new Map(), toolItems: new Map(), approvalItems: new Map(), metadataByCall: new Map(), decisionByApproval: new Map() };
  const items = grows ? previous.items.slice() : [];
  addRows(items, state, rows, grows ? previous.rows.length : 0);
  return { rows, items, state };
}

/**
 * Pure (the cache only shares equal objects): rows in seq order in, items in
 * seq order out. A completion finds its start by id, else the oldest open call
 * of that name; metadata joins the call of its id; a decision joins the
 * approval of its id, whichever comes first.
 */
export function buildTranscript(rows: readonly TimelineRow[]): TranscriptItem[] {
  return extendTranscript(null, rows).items as TranscriptItem[];
}

/** Arguments as a producer sent them, secrets masked, pretty-printed when they are JSON (they may be truncated, then raw). */
export function prettyArguments(text: string): string {
  return maskSecretsInJson(text, 2);
}

/** A function that builds the transcript of the rows it is given, extending its latest build (which extendTranscript allows once). */
export function transcriptBuilder(): (rows: readonly TimelineRow[]) => TranscriptBuild {
  let latest: TranscriptBuild | null = null;
  return (rows) => {
    latest = extendTranscript(latest, rows);
    return latest;
  };
}
