import { parseIngestValue } from '../../ingest/ingest-item';
import type { SubmitItems } from '../../ingest/files/followed-file';
import type { SessionFileSummary } from './session-file-reader';
import { sessionSyncDraft } from './session-sync-mapping';

export interface SessionSyncSenderOptions {
  submit: SubmitItems;
  /** The highest seq the store has settled for a session; 0 for one it does not know. */
  lastSeqOf: (sessionId: string) => Promise<number>;
  /** Tries when another source's newer event overtakes the sync in the same batch; default 3. */
  attempts?: number;
}

export type SyncOutcome = { kind: 'applied'; seq: number } | { kind: 'stale' } | { kind: 'invalid'; error: string };

/**
 * Sends a session file's summary as a session_sync. A session_sync is ephemeral:
 * the store applies it to the session summary (title, agent, model) only when
 * its seq is newer than the session's last, and never stores it, so there is
 * nothing to deduplicate. Its seq is therefore not taken from the file (a file
 * has no position among the thread log's lines) but is the one after the
 * session's last: the thread log's seqs leave unused slots after every line
 * (seq-slots.ts), so the next line's events stay newer than the sync.
 * Rejects when the store refused the batch.
 */
export async function sendSessionSync(sessionId: string, summary: SessionFileSummary, fileMtimeMs: number, options: SessionSyncSenderOptions): Promise<SyncOutcome> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const seq = (await options.lastSeqOf(sessionId)) + 1;
    const parsed = parseIngestValue(sessionSyncDraft(sessionId, summary, seq, fileMtimeMs));
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error };
    const [outcome] = await options.submit([parsed.item]);
    if (outcome && outcome.kind !== 'duplicate') return { kind: 'applied', seq };
  }
  return { kind: 'stale' };
}
