import fs from 'node:fs/promises';
import { z } from 'zod';
import { TopLevelJsonScanner, type ScanStatus } from './top-level-json-scanner';

// `<data_dir>/sessions/<id>.json`: one JSON object, `id, title, created_at,
// updated_at, metadata, agent` first, then `messages` (the whole transcript,
// often hundreds of megabytes), then `usage` near the end.

/**
 * The session's recorded usage: an aggregate over all its completions, the
 * agent's `provider::Usage` (`cache_read_tokens` / `cache_write_tokens` are
 * `Option`s, written as null when the provider did not say).
 */
export const sessionUsageSchema = z.looseObject({
  prompt_tokens: z.number().min(0).optional(),
  completion_tokens: z.number().min(0).optional(),
  total_tokens: z.number().min(0).optional(),
  cache_read_tokens: z.number().min(0).nullish(),
  cache_write_tokens: z.number().min(0).nullish(),
});
export type SessionUsage = z.infer<typeof sessionUsageSchema>;

export interface SessionFileSummary {
  id: string | null;
  title: string | null;
  agent: string | null;
  created_at: string | null;
  updated_at: string | null;
  model: string | null;
  usage: SessionUsage | null;
}

export interface SessionFileRead {
  summary: SessionFileSummary;
  /** How the scan ended; `truncated` for a file cut off (or being rewritten) before it closed. */
  status: ScanStatus;
  bytesRead: number;
  /** The most bytes held for the summary fields at once (never the messages). */
  maxHeldBytes: number;
  problems: string[];
}

export interface ReadSessionFileOptions {
  /** Stop where `messages` starts: the fields before it (everything but `usage`) for a few kilobytes. */
  upToMessages: boolean;
  chunkBytes?: number;
}

const SUMMARY_KEYS = ['id', 'title', 'created_at', 'updated_at', 'agent', 'metadata', 'usage'];

const optionalText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The summary from the top-level values found (anything of the wrong shape counts as absent). */
export function summaryOfValues(values: ReadonlyMap<string, unknown>): SessionFileSummary {
  const metadata = values.get('metadata');
  const usage = sessionUsageSchema.safeParse(values.get('usage'));
  return {
    id: optionalText(values.get('id')),
    title: optionalText(values.get('title')),
    agent: optionalText(values.get('agent')),
    created_at: optionalText(values.get('created_at')),
    updated_at: optionalText(values.get('updated_at')),
    model: typeof metadata === 'object' && metadata !== null ? optionalText((metadata as { model?: unknown }).model) : null,
    usage: usage.success ? usage.data : null,
  };
}

/**
 * Reads a session file's summary in chunks, never holding the file: it stops
 * once every summary field is found, or where `messages` starts when asked to,
 * and skips the transcript without decoding it otherwise.
 */
export async function readSessionFile(file: string, options: ReadSessionFileOptions): Promise<SessionFileRead> {
  const scanner = new TopLevelJsonScanner({ wanted: SUMMARY_KEYS, stopAtKey: options.upToMessages ? 'messages' : undefined });
  const buffer = Buffer.allocUnsafe(options.chunkBytes ?? 64 * 1024);
  const handle = await fs.open(file, 'r');
  let bytesRead = 0;
  try {
    for (;;) {
      const read = await handle.read(buffer, 0, buffer.length, bytesRead);
      if (read.bytesRead === 0) {
        scanner.end();
        break;
      }
      bytesRead += read.bytesRead;
      if (scanner.push(buffer.subarray(0, read.bytesRead))) break;
    }
  } finally {
    await handle.close();
  }
  const problems = scanner.error === null ? [...scanner.problems] : [scanner.error, ...scanner.problems];
  return { summary: summaryOfValues(scanner.values), status: scanner.status, bytesRead, maxHeldBytes: scanner.maxHeldBytes, problems };
}
