import type { SessionFileSummary } from './session-file-reader';
import { CODETETHER_PRODUCER, type JsonObject } from './source-values';

/**
 * The `session` object of a session_sync: the summary fields, never the
 * messages. The recorded usage rides along as `usage`, as the file has it: it
 * is an aggregate with no source and no time, so it is not turned into
 * token_usage (see docs/codetether-mapping.md).
 */
export function syncedSession(sessionId: string, summary: SessionFileSummary): JsonObject {
  const session: JsonObject = {
    id: sessionId,
    title: summary.title,
    agent: summary.agent,
    created_at: summary.created_at,
    updated_at: summary.updated_at,
    metadata: { model: summary.model },
  };
  if (summary.usage !== null) session.usage = summary.usage;
  return session;
}

/** When the session was saved (`updated_at`), else `fallbackMs` (the file's modification time). */
export function syncTimestamp(summary: SessionFileSummary, fallbackMs: number): number {
  const updated = summary.updated_at === null ? Number.NaN : Date.parse(summary.updated_at);
  return Number.isFinite(updated) && updated >= 0 ? updated : Math.max(0, Math.trunc(fallbackMs));
}

/** A session_sync event (not yet validated) for the session file's summary. */
export function sessionSyncDraft(sessionId: string, summary: SessionFileSummary, seq: number, fallbackTsMs: number): JsonObject {
  return { session_id: sessionId, seq, ts: syncTimestamp(summary, fallbackTsMs), type: 'session_sync', producer: CODETETHER_PRODUCER, session: syncedSession(sessionId, summary) };
}
