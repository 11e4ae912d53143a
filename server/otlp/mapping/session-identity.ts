import type { OtlpAttributes, OtlpOrigin } from '../otlp-records';
import { fnv1a } from './event-seq';
import { textOf } from './otlp-values';

// Which session, agent, model and producer a record belongs to (docs/otlp-mapping.md,
// "Identity"). Record attributes win over resource attributes: Claude Code puts
// `session.id` on every event, a framework may put it on the resource.

export type OtlpProducer = 'claude_code' | 'codex' | 'gemini_cli' | 'otlp';

const SESSION_ID_KEYS = ['session.id', 'conversation.id', 'gen_ai.conversation.id', 'ai.telemetry.metadata.sessionId'];
const AGENT_KEYS = ['gen_ai.agent.name', 'agent.name'];
export const MODEL_KEYS = ['gen_ai.response.model', 'gen_ai.request.model', 'model', 'llm.model_name', 'ai.response.model', 'ai.model.id'];

const VALID_SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * A producer's id in our session_id alphabet ([A-Za-z0-9_-]{1,128}). A valid id is kept
 * as it is (UUIDs, Codex thread ids, 32-hex trace ids). Any other is made valid by
 * replacing each other character with `-` and adding `-` and an 8-hex hash of the
 * original, so two ids that differ only in those characters stay two sessions.
 */
export function sanitiseSessionId(raw: string): string {
  if (VALID_SESSION_ID.test(raw)) return raw;
  const hash = fnv1a(raw).toString(16).padStart(8, '0');
  const body = raw.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 128 - 9);
  return `${body}-${hash}`;
}

function fromRecordOrResource(attributes: OtlpAttributes, origin: OtlpOrigin, keys: readonly string[]): string | undefined {
  return textOf(attributes, ...keys) ?? textOf(origin.resource, ...keys);
}

/** The producer's own session id for a record, sanitised; undefined when it names none. */
export function declaredSessionId(attributes: OtlpAttributes, origin: OtlpOrigin): string | undefined {
  const raw = fromRecordOrResource(attributes, origin, SESSION_ID_KEYS);
  return raw === undefined ? undefined : sanitiseSessionId(raw.slice(0, 1024));
}

/** The trace id as a session id: what a GenAI trace without a conversation id is grouped by. */
export function traceSessionId(traceId: string): string | undefined {
  return traceId.length > 0 && /^[0-9a-f]+$/i.test(traceId) && !/^0+$/.test(traceId) ? sanitiseSessionId(traceId.toLowerCase()) : undefined;
}

/** The agent's name: the GenAI agent name, else the service that exported the record. */
export function agentName(attributes: OtlpAttributes, origin: OtlpOrigin): string | undefined {
  return fromRecordOrResource(attributes, origin, AGENT_KEYS) ?? textOf(origin.resource, 'service.name');
}

export function modelName(attributes: OtlpAttributes): string | undefined {
  return textOf(attributes, ...MODEL_KEYS);
}

/**
 * Which producer made a record: by its event name's prefix first (`claude_code.`,
 * `codex.`, `gemini_cli.`), else by the exporting service (`service.name` `claude-code`,
 * `codex_*` (Codex's originator, `codex_cli_rs`), `gemini-cli`) or instrumentation scope;
 * anything else is `otlp`.
 */
export function detectProducer(eventName: string | undefined, origin: OtlpOrigin): OtlpProducer {
  if (eventName !== undefined) {
    if (eventName.startsWith('claude_code.')) return 'claude_code';
    if (eventName.startsWith('codex.')) return 'codex';
    if (eventName.startsWith('gemini_cli.')) return 'gemini_cli';
  }
  const service = textOf(origin.resource, 'service.name')?.toLowerCase() ?? '';
  const scope = origin.scopeName.toLowerCase();
  if (service === 'claude-code' || scope.startsWith('com.anthropic.claude_code')) return 'claude_code';
  if (service.startsWith('codex_') || scope.startsWith('codex_')) return 'codex';
  if (service === 'gemini-cli' || scope.startsWith('gemini-cli')) return 'gemini_cli';
  return 'otlp';
}
