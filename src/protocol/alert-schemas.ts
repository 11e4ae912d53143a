import { z } from 'zod';

// Alerts as `/api/v1/alerts` serves them (server/alerts/ fires and stores them).

/** What an alert is about (server/alerts/alert-conditions.ts says when each fires and clears). */
export const alertKinds = [
  'approval_waiting',
  'error',
  'stalled',
  'abandoned',
  'budget_warn',
  'budget_limit',
  'daily_spend',
  'context_over_budget',
  'context_lost',
  'compaction_failed',
  'subcall_fallback',
] as const;
export const alertKindSchema = z.enum(alertKinds);
export type AlertKind = z.infer<typeof alertKindSchema>;

/** One alert as stored: fired once per condition per session, open until its condition clears. */
export const alertRecordSchema = z.object({
  id: z.number().int(),
  kind: alertKindSchema,
  /** Null only for `daily_spend`, which is about every session. */
  session_id: z.string().nullable(),
  agent: z.string().nullable(),
  ts_ms: z.number(),
  message: z.string(),
  /** When the condition stopped holding; null while it holds. */
  cleared_ms: z.number().nullable(),
  /** When an operator acknowledged it; null: unread. */
  acked_ms: z.number().nullable(),
});
export type AlertRecord = z.infer<typeof alertRecordSchema>;

/** `GET /api/v1/alerts`: newest first; pass `next_cursor` as `before` for older ones. */
export const alertPageSchema = z.object({
  records: z.array(alertRecordSchema),
  next_cursor: z.number().int().nullable(),
  /** Unacknowledged alerts in all (not only this page). */
  unread: z.number().int(),
});
export type AlertPage = z.infer<typeof alertPageSchema>;
