import { maskSecrets, maskSecretsInJson } from '../../../lib/format/mask-secrets';
import type { SessionEvent } from '../../../protocol/event-schemas';

/**
 * An event as the raw-JSON view shows it: secrets masked in every field
 * (tool_call_metadata's metadata among them) and inside the JSON-encoded
 * `arguments` string of a tool call, which a plain walk would see as one string.
 */
export function maskEventForDisplay(event: SessionEvent): Record<string, unknown> {
  const withArguments =
    'arguments' in event && typeof event.arguments === 'string' ? { ...event, arguments: maskSecretsInJson(event.arguments) } : event;
  // An object in, an object out: maskSecrets keeps the shape.
  return maskSecrets(withArguments) as Record<string, unknown>;
}
