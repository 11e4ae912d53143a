import type { TokenSource } from '#protocol/token-source';

// Which of our token sources a producer's LLM call counts under (docs/otlp-mapping.md,
// "Token source"). The question the product exists to answer is how much the agent's
// own turns cost against what runs inside its tools, so a subagent's calls are
// `tool_embedded` (the subagent runs inside the Agent/Task tool call that started it).
// The producer's own name for the source is kept as `label` either way.

const CLAUDE_CODE_SUBAGENT_PREFIX = 'agent';

/**
 * Claude Code api_request: `agent.name` is set exactly when a named subagent type issued
 * the request; `query_source` is `subagent` in the metrics' vocabulary and a subagent
 * name or `agent:...` on events. Everything else (`main`, `repl_main_thread`, `sdk`,
 * and the session's own overhead such as `compact` or `auxiliary`) is the root agent.
 */
export function claudeCodeSource(querySource: string | undefined, subagentName: string | undefined): TokenSource {
  if (subagentName !== undefined) return 'tool_embedded';
  if (querySource === undefined) return 'root';
  const lower = querySource.toLowerCase();
  return lower === 'subagent' || lower.startsWith(CLAUDE_CODE_SUBAGENT_PREFIX) ? 'tool_embedded' : 'root';
}

/** Gemini CLI api_response `role` (LlmRole): `subagent` runs inside a tool call; `main` and the utility roles are the session's own. */
export function geminiCliSource(role: string | undefined): TokenSource {
  return role === 'subagent' ? 'tool_embedded' : 'root';
}

/** A GenAI LLM span: under an execute_tool span (at any depth) it is `tool_embedded`, else the agent's own call. */
export function spanSource(underToolSpan: boolean): TokenSource {
  return underToolSpan ? 'tool_embedded' : 'root';
}

/** A label fits token_usage.label (at most 128 characters). */
export function usageLabel(...candidates: (string | undefined)[]): string | undefined {
  for (const candidate of candidates) if (candidate !== undefined && candidate.length > 0) return candidate.slice(0, 128);
  return undefined;
}
