// The keyset cursor of `GET /api/v1/sessions`: the sort key and id of the last
// row of a page, so the next page starts after it however many sessions arrived
// since. Opaque to clients (base64url JSON); the sort and order it was made for
// travel with it, so a cursor reused under another sort is refused, not misread.

export interface SessionCursor {
  sort: string;
  order: 'asc' | 'desc';
  /** The last row's sort key (null: that row had none, e.g. no cost yet). */
  value: string | number | null;
  sessionId: string;
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return null;
  try {
    const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function encodeSessionCursor(cursor: SessionCursor): string {
  return toBase64Url(JSON.stringify([cursor.sort, cursor.order, cursor.value, cursor.sessionId]));
}

/** The cursor, or null when `encoded` is not one this server made. */
export function decodeSessionCursor(encoded: string): SessionCursor | null {
  const text = fromBase64Url(encoded);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null;
  const [sort, order, value, sessionId] = parsed as unknown[];
  if (typeof sort !== 'string' || (order !== 'asc' && order !== 'desc') || typeof sessionId !== 'string') return null;
  if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return null;
  return { sort, order, value, sessionId };
}
