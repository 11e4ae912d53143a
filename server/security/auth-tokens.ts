import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';

/**
 * Two scopes: `ingest` sends events (POST /api/v1/events, WS /api/v1/ingest);
 * `read` sees them (every other /api/v1 route, the live socket, downloads, the
 * budget PUT). An ingest token does not read: agents hold it on machines that
 * have no business seeing other agents' sessions. A token listed in both gets both.
 */
export type TokenScope = 'ingest' | 'read';

export interface ConfiguredTokens {
  ingest: string[];
  read: string[];
}

export const minTokenLength = 16;

export const tokenSchema = z
  .string()
  .min(minTokenLength, `a token must be at least ${minTokenLength} characters (e.g. \`openssl rand -hex 32\`)`)
  .max(4096, 'a token must be at most 4096 characters')
  .regex(/^[\x21-\x7e]+$/, 'a token must be printable ASCII without spaces or commas')
  .refine((t) => !t.includes(','), 'a token must not contain a comma (lists are comma-separated)');

/** `TETHER_TOKENS_FILE`: `{"ingest": [...], "read": [...]}`; either list may be left out. */
export const tokensFileSchema = z.strictObject({
  ingest: z.array(tokenSchema).default([]),
  read: z.array(tokenSchema).default([]),
});

/** Reads and validates a tokens file; throws a message naming the file, the entry and why. */
export function loadTokensFile(file: string): ConfiguredTokens {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read the tokens file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message}); expected {"ingest": ["..."], "read": ["..."]}`);
  }
  const parsed = tokensFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('').replace(/^\./, '') : '(top level)';
    return `${where}: ${issue.message}`;
  });
  throw new Error(`${file}: ${problems.join('; ')}`);
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks presented tokens against the configured ones. Both sides are hashed to
 * 32 bytes first, so `timingSafeEqual` always compares equal lengths and a
 * token's length does not leak; every configured token is compared, whatever
 * matched earlier, so timing does not say which one (or which scope) it was.
 */
export class TokenVerifier {
  private readonly hashed: { digest: Buffer; scope: TokenScope }[];

  constructor(tokens: ConfiguredTokens) {
    this.hashed = [
      ...tokens.ingest.map((t) => ({ digest: sha256(t), scope: 'ingest' as const })),
      ...tokens.read.map((t) => ({ digest: sha256(t), scope: 'read' as const })),
    ];
  }

  /** False when no token is configured: authentication is off. */
  get enabled(): boolean {
    return this.hashed.length > 0;
  }

  /** The scopes `presented` grants; empty when it matches no configured token. */
  scopesOf(presented: string): Set<TokenScope> {
    const digest = sha256(presented);
    const scopes = new Set<TokenScope>();
    for (const entry of this.hashed) {
      // No short-circuit: every entry costs the same whether or not it matches.
      if (timingSafeEqual(digest, entry.digest)) scopes.add(entry.scope);
    }
    return scopes;
  }
}
