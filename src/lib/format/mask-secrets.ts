/**
 * Hides credentials that agents pass to tools before the dashboard shows them:
 * a screen share or a screenshot of a tool card must not leak an API key. The
 * mask is fixed-width and keeps no characters, not even the last four: a suffix
 * narrows a guess and identifies the key across sessions.
 */
export const SECRET_MASK = '••••••';

/** Compared with `_`, `-` and case removed, as substrings: `GITHUB_TOKEN`, `x-api-key`, `clientSecret`. */
const secretKeyParts = ['token', 'secret', 'password', 'passwd', 'authorization', 'apikey', 'accesskey', 'privatekey'];

/** `Authorization: Bearer abc` written inside a command line or header string, whatever key holds it. */
const credentialInText = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_\s]/g, '');
  return secretKeyParts.some((part) => normalized.includes(part));
}

/**
 * A copy of `value` with every string under a secret key replaced by the mask,
 * at any depth (a whole object under `credentials.token` included). Only
 * strings: credentials are text, and `max_tokens: 4096` must stay readable.
 */
export function maskSecrets(value: unknown, underSecretKey = false): unknown {
  if (typeof value === 'string') return underSecretKey ? SECRET_MASK : value.replace(credentialInText, `$1 ${SECRET_MASK}`);
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, underSecretKey));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskSecrets(item, underSecretKey || isSecretKey(key))]));
  }
  return value;
}

/**
 * JSON-encoded text (tool arguments) with its secrets masked, re-encoded with
 * `indent`; without an indent, text with nothing to mask comes back as sent. Text that is not JSON (a producer may truncate it) only has its
 * `Bearer …` credentials and `"key": "value"` pairs under secret keys masked.
 */
export function maskSecretsInJson(text: string, indent?: number): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return maskSecretPairsInText(text);
  }
  const masked = maskSecrets(parsed);
  if (indent === undefined && JSON.stringify(masked) === JSON.stringify(parsed)) return text;
  return JSON.stringify(masked, null, indent);
}

/** For truncated JSON: `"api_key": "sk-…"` pairs as far as they are complete, and any credential in the open. */
function maskSecretPairsInText(text: string): string {
  return text
    .replace(/"([^"\\]{1,100})"(\s*:\s*)"(?:[^"\\]|\\.)*("?)/g, (pair, key: string, colon: string, close: string) =>
      isSecretKey(key) ? `"${key}"${colon}"${SECRET_MASK}${close}` : pair,
    )
    .replace(credentialInText, `$1 ${SECRET_MASK}`);
}
