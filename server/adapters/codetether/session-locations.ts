import fs from 'node:fs/promises';
import path from 'node:path';
import { sessionIdSchema } from '#protocol/envelope';

// A session that moved to another worktree (a mux worktree has its own
// `.codetether-agent`) is found through `<root>/session-locations/<id>.path`:
// the absolute path of its `<id>.json`, kept by the agent
// (session/persistence/location/registry.rs). A pointer counts only when it is
// absolute, names `<id>.json` and that file exists, as the agent checks.

/** How many pointers are read at most per listing: a huge folder must not stall the watcher. */
const MAX_POINTERS = 5_000;

/** Session id -> its session file, from the pointers that are valid now. */
export async function readSessionLocations(root: string): Promise<Map<string, string>> {
  const dir = path.join(root, 'session-locations');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const found = new Map<string, string>();
  for (const name of names.filter((n) => n.endsWith('.path')).slice(0, MAX_POINTERS)) {
    const id = path.basename(name, '.path');
    if (!sessionIdSchema.safeParse(id).success) continue;
    const target = (await fs.readFile(path.join(dir, name), 'utf8').catch(() => '')).trim();
    if (!path.isAbsolute(target) || path.basename(target) !== `${id}.json`) continue;
    const stat = await fs.stat(target).catch(() => null);
    if (stat?.isFile()) found.set(id, target);
  }
  return found;
}

/** The data directories (`<x>/.codetether-agent`) the pointers lead to: each has its own threads/ and sessions/. */
export function dataDirsOf(locations: ReadonlyMap<string, string>): Set<string> {
  return new Set([...locations.values()].map((file) => path.dirname(path.dirname(file))));
}
