import path from 'node:path';

// The sessions folder holds more than sessions: the agent's listing cache and
// workspace index, and beside each session its run checkpoint and save journal
// (`<id>.checkpoint.json`, `<id>.journal.jsonl`). Which names are sessions is
// the agent's own rule (session/listing/path.rs `is_session_json`).

const METADATA_NAMES = new Set(['.listing_cache.json', '.workspace_index.json']);

/** A session snapshot `<id>.json`, as the agent's listing tells them apart. */
export function isSessionFileName(name: string): boolean {
  const base = path.basename(name);
  if (METADATA_NAMES.has(base) || base.endsWith('.checkpoint.json')) return false;
  return path.extname(base) === '.json';
}
