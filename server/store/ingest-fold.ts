import type { SessionSummary } from '#protocol/api-schemas';
import type { IngestOutcome } from './event-store';
import type { IngestItem } from '../ingest/ingest-item';
import { foldEventInto } from './session-summary';

// The ingest rule every store applies once a batch's storable events are written:
// each item's outcome, and each session's summary folded in item order. Only where
// a session's starting summary comes from (a cache, or the database) differs.

const storedOutcome = (cursor: number): IngestOutcome => ({ kind: 'stored', cursor });
// Shared by every item they describe, so frozen: a caller cannot alter another item's outcome.
const liveOutcome: IngestOutcome = Object.freeze({ kind: 'live' });
const duplicateOutcome: IngestOutcome = Object.freeze({ kind: 'duplicate' });

/** Durable and history events of a known type are stored; the rest only travel live. */
export const isStorable = (item: IngestItem): boolean => item.known && item.eventClass !== 'ephemeral';

export interface FoldedBatch {
  outcomes: IngestOutcome[];
  /** Each session the batch changed, once: the drafts, to be written back. */
  touched: SessionSummary[];
}

/**
 * Folds a batch into its sessions' drafts. `cursors` are the storable items' (in
 * order; null for a duplicate, deduplicated by the UNIQUE (session_id, seq) even when
 * older than last_seq). `draftOf` gives a session's summary to fold into, called once
 * per session with its first item; `onLive` sees each live item (not stored, newer).
 * The stale-live rule reads the draft, so it sees the items before it in the batch.
 */
export function foldBatch(
  items: readonly IngestItem[],
  cursors: readonly (number | null)[],
  draftOf: (item: IngestItem) => SessionSummary,
  onLive: (item: IngestItem) => void,
): FoldedBatch {
  let nextStored = 0;
  const drafts = new Map<string, SessionSummary>();
  const touched = new Set<SessionSummary>();
  const outcomes: IngestOutcome[] = [];
  for (const item of items) {
    const sessionId = item.event.session_id;
    let draft = drafts.get(sessionId);
    if (draft === undefined) {
      draft = draftOf(item);
      drafts.set(sessionId, draft);
    }
    if (isStorable(item)) {
      const cursor = cursors[nextStored++]!;
      if (cursor === null) {
        outcomes.push(duplicateOutcome);
        continue;
      }
      outcomes.push(storedOutcome(cursor));
    } else if (item.event.seq <= draft.last_seq) {
      // Not stored, so the only memory of it is last_seq: not newer means a stale resend.
      outcomes.push(duplicateOutcome);
      continue;
    } else {
      outcomes.push(liveOutcome);
      onLive(item);
    }
    foldEventInto(draft, item);
    touched.add(draft);
  }
  return { outcomes, touched: [...touched] };
}
