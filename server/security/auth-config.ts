import dns from 'node:dns/promises';
import net from 'node:net';
import { loadTokensFile, type ConfiguredTokens } from './auth-tokens';

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) {
    if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
    // An IPv4-mapped loopback address (::ffff:127.0.0.1).
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
    return mapped !== null && mapped[1]!.startsWith('127.');
  }
  return false;
}

const howToSetTokens =
  'set TETHER_INGEST_TOKENS and TETHER_READ_TOKENS (comma-separated, at least 16 characters each, e.g. `openssl rand -hex 32`) ' +
  'or TETHER_TOKENS_FILE (a JSON file {"ingest": ["..."], "read": ["..."]}), or bind 127.0.0.1';

/**
 * The tokens from the environment lists and the tokens file together, and the
 * start-up rule: on loopback, no tokens means an open server (as before tokens
 * existed); bound anywhere else, both scopes must have a token, since whoever
 * reaches the port would otherwise read and write everything.
 */
export function resolveTokens(options: { host: string; ingestTokens: string[]; readTokens: string[]; tokensFile?: string | undefined; hostSource: string }): ConfiguredTokens {
  const fromFile = options.tokensFile ? loadTokensFileNamed(options.tokensFile) : { ingest: [], read: [] };
  const tokens = {
    ingest: unique([...options.ingestTokens, ...fromFile.ingest]),
    read: unique([...options.readTokens, ...fromFile.read]),
  };
  if (!isLoopbackHost(options.host)) {
    const missing = (['ingest', 'read'] as const).filter((scope) => tokens[scope].length === 0);
    if (missing.length > 0) {
      throw new Error(
        `${options.hostSource} ${options.host} is not a loopback address, so the server needs tokens ` +
          `(${missing.map((s) => `no ${s} token`).join(', ')}): ${howToSetTokens}`,
      );
    }
  }
  return tokens;
}

/** Every address a name resolves to, as listen() would resolve it; none when it does not resolve (listen then fails on its own). */
type ResolveAll = (name: string) => Promise<string[]>;
const resolveAll: ResolveAll = async (name) => (await dns.lookup(name, { all: true }).catch(() => [])).map((a) => a.address);

/**
 * Before listening: every address the bound name resolves to must be loopback
 * when a scope has no token. The start-up rule (resolveTokens) judged the name;
 * `dev.localhost` counts as loopback there without being resolved, and a
 * resolver may still map it elsewhere. Null when all is well.
 */
export async function unprotectedBindProblem(host: string, tokens: ConfiguredTokens, lookup: ResolveAll = resolveAll): Promise<string | null> {
  if (tokens.ingest.length > 0 && tokens.read.length > 0) return null;
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(bare) !== 0) return isLoopbackHost(bare) ? null : `${host} is not a loopback address: ${howToSetTokens}`;
  const outside = (await lookup(bare)).filter((address) => !isLoopbackHost(address));
  if (outside.length === 0) return null;
  return `${host} resolves to ${outside.join(', ')}, not a loopback address, and the server has no tokens: ${howToSetTokens}`;
}

function loadTokensFileNamed(file: string): ConfiguredTokens {
  try {
    return loadTokensFile(file);
  } catch (err) {
    throw new Error(`TETHER_TOKENS_FILE ${(err as Error).message}`, { cause: err });
  }
}

const unique = (list: string[]): string[] => [...new Set(list)];
