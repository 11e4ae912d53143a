import { APPROVAL_DECISION_SLOT, lineBaseOf, slotSeq } from './seq-slots';
import type { JsonObject } from './source-values';

// `<data_dir>/approvals/approvals.jsonl` says how each approval was decided but
// not in which session: the session is the one whose thread log asked for that
// approval id (approval.requested / patch.approval_required). The two files are
// read by two followers in no fixed order, so whichever side arrives second
// produces the decision event; its seq is the request line's slot
// APPROVAL_DECISION_SLOT, so both sides (and every re-reading) give the same one.

/** One `{"event":"decision","decision":{...}}` of approvals.jsonl (approval/decision.rs). */
export interface ApprovalDecisionRecord {
  id: string;
  request_id: string;
  status: 'approved' | 'denied';
  decided_by: string | null;
  reason: string | null;
  decidedAtMs: number;
}

interface RequestPlace {
  sessionId: string;
  /** The first seq of the thread-log line that asked. */
  lineBase: number;
}

/** Requests and decisions remembered; old ones beyond this are forgotten first (re-read at the next restart). */
const MAX_REMEMBERED = 20_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/** The approval_decision event (not yet validated) of a decision, in the session and line of its request. */
export function decisionDraft(decision: ApprovalDecisionRecord, place: RequestPlace): JsonObject {
  const draft: JsonObject = {
    session_id: place.sessionId,
    seq: slotSeq(place.lineBase, APPROVAL_DECISION_SLOT),
    ts: decision.decidedAtMs,
    type: 'approval_decision',
    approval_id: decision.request_id,
    status: decision.status,
    decision_id: decision.id,
  };
  if (decision.decided_by !== null) draft.decided_by = decision.decided_by;
  if (decision.reason !== null) draft.reason = decision.reason;
  return draft;
}

export class ApprovalCorrelator {
  private readonly requests = new Map<string, RequestPlace>();
  private readonly decisions = new Map<string, ApprovalDecisionRecord>();

  /** A thread log asked for `approvalId` in the event of seq `requestSeq`: its decision, if already read. */
  requestMapped(approvalId: string, sessionId: string, requestSeq: number): JsonObject[] {
    if (approvalId === '') return [];
    const place = { sessionId, lineBase: lineBaseOf(requestSeq) };
    remember(this.requests, approvalId, place);
    const decision = this.decisions.get(approvalId);
    return decision ? [decisionDraft(decision, place)] : [];
  }

  /** approvals.jsonl decided: its event, if a thread log already asked; else it waits for the request. */
  decisionRead(decision: ApprovalDecisionRecord): JsonObject[] {
    remember(this.decisions, decision.request_id, decision);
    const place = this.requests.get(decision.request_id);
    return place ? [decisionDraft(decision, place)] : [];
  }
}
