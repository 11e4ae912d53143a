import { z } from 'zod';
import { describeIssue } from '#protocol/parse-event';
import type { ParsedItem } from '../../ingest/ingest-item';
import type { LineTransform } from '../../ingest/files/jsonl-line';
import type { ApprovalCorrelator } from './approval-correlator';
import { decodeJson, refused, validated } from './source-values';

// `<data_dir>/approvals/approvals.jsonl`: the agent's approval store, one
// `ApprovalEvent` per line, internally tagged by `event` (approval/event.rs):
//   {"event":"request","request":{"id","tool","action","resource","reason","requested_at"}}
//   {"event":"decision","decision":{"id","request_id","status","decided_by","reason","decided_at"}}
// Times are chrono's RFC 3339 (nanoseconds, `Z`). A request alone names no
// session and changes nothing shown; a decision is shown in the session that
// asked (approval-correlator.ts).

const rfc3339Ms = z.string().transform((text, ctx) => {
  const ms = Date.parse(text);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  ctx.addIssue({ code: 'custom', message: `not an RFC 3339 time: ${JSON.stringify(text.slice(0, 40))}` });
  return z.NEVER;
});

const decisionLineSchema = z.object({
  event: z.literal('decision'),
  decision: z.looseObject({
    id: z.string(),
    request_id: z.string().min(1),
    status: z.enum(['pending', 'approved', 'denied']),
    decided_by: z.string().nullish(),
    reason: z.string().nullish(),
    decided_at: rfc3339Ms,
  }),
});

const taggedLineSchema = z.looseObject({ event: z.string() });

/** One approvals.jsonl line -> the approval_decision it settles now (none for a request, or a decision whose request is not yet read). */
export function approvalsLineToItems(text: string, correlator: ApprovalCorrelator): ParsedItem[] {
  const decoded = decodeJson(text);
  if (!decoded.ok) return [refused(decoded.error)];
  const tagged = taggedLineSchema.safeParse(decoded.value);
  if (!tagged.success) return [refused('not an approvals.jsonl record: expected an object with an "event" tag')];
  // Requests are the agent's own bookkeeping (its tool, action and resource are in the thread log's request too).
  if (tagged.data.event !== 'decision') return [];
  const line = decisionLineSchema.safeParse(decoded.value);
  if (!line.success) return [refused(`not an approvals.jsonl decision: ${describeIssue(line.error.issues[0]!)}`)];
  const { decision } = line.data;
  // The agent refuses to store "pending" as a decision (approval/store_decide.rs); nothing was decided.
  if (decision.status === 'pending') return [];
  return validated(
    correlator.decisionRead({
      id: decision.id,
      request_id: decision.request_id,
      status: decision.status,
      decided_by: decision.decided_by ?? null,
      reason: decision.reason ?? null,
      decidedAtMs: decision.decided_at,
    }),
  );
}

/** The approvals follower's line transform. */
export function createApprovalsTransform(correlator: ApprovalCorrelator): LineTransform {
  return (text) => approvalsLineToItems(text, correlator);
}
