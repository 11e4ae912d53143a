import type { UsageRow } from '../../../protocol/cost-schemas';

/** How the page names a session: its title, agent and producer (the demo badge), null where it never said. */
export interface SessionNames {
  title: string | null;
  agent: string | null;
  producer: string | null;
}

/**
 * The names of every session in rows grouped by session, as the usage reply carries
 * them (server/store/usage-query.ts): the page reads no session list to name the
 * sessions it shows, so a session past the newest few hundred is named too.
 */
export function sessionNamesOf(...rowLists: readonly (readonly UsageRow[] | undefined)[]): Map<string, SessionNames> {
  const names = new Map<string, SessionNames>();
  for (const rows of rowLists) {
    for (const row of rows ?? []) {
      if (row.session_id === undefined || names.has(row.session_id)) continue;
      names.set(row.session_id, { title: row.session_title ?? null, agent: row.session_agent ?? null, producer: row.session_producer ?? null });
    }
  }
  return names;
}
