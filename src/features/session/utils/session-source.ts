// Where a session's events come from (its envelope `producer`, kept in the session
// summary) and what that source cannot tell us, so an empty panel reads as "this
// source does not report it", not as "nothing happened". The OTLP lines follow
// docs/otlp-mapping.md; the codetether ones docs/codetether-mapping.md.

export interface SessionSource {
  /** Who produced the events, as an operator knows them. */
  label: string;
  /** How the events reached us. */
  via: string;
  /** Parts of the session view this source cannot fill (empty: it can fill all of them). */
  cannotFill: string[];
}

const sources: Record<string, SessionSource> = {
  claude_code: {
    label: 'Claude Code',
    via: 'OpenTelemetry log events (OTLP)',
    cannotFill: [
      'streamed text: only each finished reply, and only with OTEL_LOG_ASSISTANT_RESPONSES=1 (prompts with OTEL_LOG_USER_PROMPTS=1)',
      'tool output: only its size; arguments only with OTEL_LOG_TOOL_DETAILS=1',
      'thinking and the context-window fill (Claude Code reports neither per request)',
      'RLM runs',
    ],
  },
  codex: {
    label: 'OpenAI Codex CLI',
    via: 'OpenTelemetry log events (OTLP)',
    cannotFill: [
      'the model’s text (Codex logs no response content); prompts only with log_user_prompt = true',
      'compactions and cache writes',
      'RLM runs',
    ],
  },
  gemini_cli: {
    label: 'Gemini CLI',
    via: 'OpenTelemetry log events (OTLP)',
    cannotFill: [
      'streamed text: prompts and replies only with prompt logging on (telemetry.logPrompts)',
      'tool output: only the metadata Gemini CLI logs with prompt logging on',
      'the context budget',
      'RLM runs',
    ],
  },
  otlp: {
    label: 'an OpenTelemetry GenAI agent',
    via: 'OTLP spans and log events',
    cannotFill: [
      'anything still running: spans arrive when they end (a Logfire pending span shows a running call)',
      'text, unless the agent captures message content',
      'compactions, the context budget and RLM runs',
    ],
  },
  codetether: {
    label: 'codetether-agent',
    via: 'its thread logs, session files or run output',
    cannotFill: ['the user’s prompts (no protocol variant carries them)'],
  },
};

/** The source of a session from its summary's `producer`; null is our own protocol, an unknown name is shown as it is. */
export function sessionSource(producer: string | null | undefined): SessionSource {
  if (producer === null || producer === undefined) return { label: 'the Tether Watch protocol', via: 'protocol events sent by the agent', cannotFill: [] };
  return Object.hasOwn(sources, producer) ? sources[producer]! : { label: producer, via: 'an adapter this dashboard does not describe', cannotFill: [] };
}
