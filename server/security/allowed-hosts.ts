import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { envNames, type ServerConfig } from '../config';
import { isLoopbackHost } from './auth-config';

// DNS rebinding: a page on evil.example whose name is made to resolve to
// 127.0.0.1 talks to this server as if same-origin, and without tokens (the
// loopback default) reads everything. Its requests still carry
// `Host: evil.example`, so a server that answers only to the names it is known
// by cannot be reached that way. The same rule judges a browser's Origin.

export interface HostPolicy {
  /** The address the server is bound to (`127.0.0.1`, `::`, a LAN address, a name). */
  boundHost: string;
  /** Extra names from TETHER_ALLOWED_HOSTS, lower case; `*` allows any. */
  allowedHosts: readonly string[];
}

/**
 * The policy a configuration gives: its allowed hosts, plus the host of
 * TETHER_PUBLIC_URL (the address users are told to open), which needs no listing twice.
 */
export function hostPolicyOf(config: Pick<ServerConfig, 'host' | 'allowedHosts' | 'publicUrl'>): HostPolicy {
  const publicHost = config.publicUrl === undefined ? [] : [new URL(config.publicUrl).hostname.toLowerCase()];
  return { boundHost: config.host, allowedHosts: [...config.allowedHosts, ...publicHost] };
}

/** `Host: a.example:8787` or `[::1]:8787` -> `a.example`, `::1`; undefined when it is not a host. */
export function hostnameOf(hostHeader: string): string | undefined {
  // A host and an optional port, nothing a URL parser would read as user info or a path.
  if (!/^[A-Za-z0-9._\-:[\]]+$/.test(hostHeader)) return undefined;
  try {
    return unbracketed(new URL(`http://${hostHeader}`).hostname.toLowerCase());
  } catch {
    return undefined;
  }
}

/** `[::1]` -> `::1`: IPv6 literals are compared without their URL brackets. */
const unbracketed = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

const wildcardBinds = new Set(['0.0.0.0', '::', '']);

/**
 * Pure: whether a request naming `hostname` is for this server. Besides loopback
 * names, configured names and the bound address, an IP literal is fine when the
 * server listens on every address: rebinding needs a name, never an address.
 */
export function isAllowedHostname(hostname: string, policy: HostPolicy): boolean {
  if (policy.allowedHosts.includes('*') || isLoopbackHost(hostname)) return true;
  if (policy.allowedHosts.some((allowed) => unbracketed(allowed) === hostname)) return true;
  const bound = unbracketed(policy.boundHost.toLowerCase());
  if (hostname === bound) return true;
  return wildcardBinds.has(bound) && net.isIP(hostname) !== 0;
}

/** Whether a browser Origin (`https://host[:port]`) names an allowed host. */
export function isAllowedOriginHost(origin: string, policy: HostPolicy): boolean {
  try {
    return isAllowedHostname(unbracketed(new URL(origin).hostname.toLowerCase()), policy);
  } catch {
    return false;
  }
}

/**
 * Refuses, before routing does anything else, every request whose Host header
 * names another host. A request without Host (HTTP/1.0 tools) is let through:
 * browsers always send one, and only browsers can be rebound.
 */
export function registerHostCheck(app: FastifyInstance, policy: HostPolicy): void {
  app.addHook('onRequest', async (req, reply) => {
    const host = req.headers.host;
    if (host === undefined) return;
    const hostname = hostnameOf(host);
    if (hostname !== undefined && isAllowedHostname(hostname, policy)) return;
    return reply.code(403).send({
      error: `Host ${JSON.stringify(host)} is not a name this server answers to: list it in ${envNames.allowedHosts} (comma-separated) if it is this server's`,
    });
  });
}
