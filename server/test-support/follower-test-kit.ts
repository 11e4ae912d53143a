import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { IngestOutcome } from '../store/event-store';
import type { IngestItem } from '../ingest/ingest-item';
import { sessionEvents } from './event-factory';

const createdDirs: string[] = [];

/** A fresh directory under the system's temp dir (removed by `removeTempDirs`). */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tether-${label}-`));
  createdDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Polls `check` until it returns a truthy value or the deadline passes (no fixed sleeps). */
export async function waitFor<T>(check: () => T, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `count` JSONL lines of token_usage events of one session, seq from `firstSeq`. */
export function eventLines(sessionId: string, firstSeq: number, count: number): string[] {
  const next = sessionEvents(sessionId, firstSeq);
  return Array.from({ length: count }, () => JSON.stringify(next('token_usage')));
}

/**
 * Stands in for IngestPipeline.submit: keeps what it was given, deduplicates on
 * (session_id, seq) like the store, and can be "down" (every submit rejects).
 */
export class FakeSubmit {
  readonly stored = new Map<string, IngestItem>();
  readonly batches: IngestItem[][] = [];
  duplicates = 0;
  down = false;
  refused = 0;

  readonly submit = (items: IngestItem[]): Promise<IngestOutcome[]> => {
    if (this.down) {
      this.refused++;
      return Promise.reject(new Error('store unavailable: disk I/O error'));
    }
    this.batches.push(items);
    const outcomes = items.map((item): IngestOutcome => {
      const key = `${item.event.session_id}/${item.event.seq}`;
      if (this.stored.has(key)) {
        this.duplicates++;
        return { kind: 'duplicate' };
      }
      this.stored.set(key, item);
      return { kind: 'stored', cursor: this.stored.size };
    });
    return Promise.resolve(outcomes);
  };

  /** Seqs stored for a session, ascending. */
  seqs(sessionId: string): number[] {
    return [...this.stored.values()].filter((i) => i.event.session_id === sessionId).map((i) => i.event.seq).sort((a, b) => a - b);
  }
}

/** A pino logger whose records are kept for assertions. */
export function capturingLogger(): { log: Logger; messages: () => string[] } {
  const records: { msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void records.push(JSON.parse(line) as { msg: string }) });
  return { log, messages: () => records.map((r) => r.msg) };
}
