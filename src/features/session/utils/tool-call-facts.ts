import { maskSecrets } from '../../../lib/format/mask-secrets';
import type { EventOf } from '../../../protocol/event-schemas';

// What an operator reads first on a tool card, gathered from the call's start
// (its arguments) and the tool_call_metadata of the same call. codetether
// folds its command.* and patch.* records into that metadata (the adapter's
// tool-call-folding.ts); the field names are the agent's own (tool/bash.rs
// `exit_code`, `allowed_cwd`; tool/patch/metadata.rs `patch_files`, ...).

export interface PatchFacts {
  files: string[];
  hunks: number | null;
  preview: string | null;
}

export interface ToolCallFacts {
  command: string | null;
  cwd: string | null;
  exitCode: number | null;
  patch: PatchFacts | null;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function argumentsObject(start: EventOf<'tool_call_start'> | null): Json {
  if (!start) return {};
  try {
    // Masked before anything is read from it: a fact row must not show what the raw view hides.
    const parsed = maskSecrets(JSON.parse(start.arguments));
    return isObject(parsed) ? parsed : {};
  } catch {
    // Truncated by the producer: no facts from it, the raw text is still shown.
    return {};
  }
}

/** Later metadata wins: it is the newer word on the same call. */
export function toolCallFacts(start: EventOf<'tool_call_start'> | null, metadata: readonly EventOf<'tool_call_metadata'>[]): ToolCallFacts {
  const args = argumentsObject(start);
  const facts: ToolCallFacts = { command: text(args.command), cwd: text(args.cwd), exitCode: null, patch: null };
  for (const event of metadata) {
    const m = maskSecrets(event.metadata);
    if (!isObject(m)) continue;
    facts.command = text(m.command) ?? facts.command;
    facts.cwd = text(m.cwd) ?? text(m.allowed_cwd) ?? facts.cwd;
    if (typeof m.exit_code === 'number' && Number.isInteger(m.exit_code)) facts.exitCode = m.exit_code;
    const files = m.patch_files ?? m.files;
    if (Array.isArray(files)) {
      const hunks = m.patch_hunks ?? m.hunks;
      facts.patch = {
        files: files.filter((f): f is string => typeof f === 'string'),
        hunks: typeof hunks === 'number' ? hunks : null,
        preview: text(m.patch_preview) ?? text(m.preview),
      };
    }
  }
  return facts;
}

/** Metadata fields the card already shows as facts; the rest is listed as it came. */
export const FACT_KEYS = new Set(['command', 'cwd', 'allowed_cwd', 'exit_code', 'patch_files', 'files', 'patch_hunks', 'hunks', 'patch_preview', 'preview']);

/** The remaining metadata of a call, flattened to key -> short text, for a compact list. */
export function otherMetadata(metadata: readonly EventOf<'tool_call_metadata'>[]): [string, string][] {
  const rest = new Map<string, string>();
  for (const event of metadata) {
    const m = maskSecrets(event.metadata);
    if (!isObject(m)) continue;
    for (const [key, value] of Object.entries(m)) {
      if (FACT_KEYS.has(key) || value === null || value === undefined) continue;
      rest.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
  return [...rest];
}
