import { z } from 'zod';
import { resolveCodetetherDir } from './adapters/codetether/data-dir';

const booleanish = z.union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])]).transform((v) =>
  typeof v === 'boolean' ? v : ['1', 'true', 'yes', 'on'].includes(v),
);

/** Everything the server reads at start-up, from flags first, then environment, then defaults. */
export const serverConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  host: z.string().min(1).default('127.0.0.1'),
  db: z.string().min(1).default('./data/tether-watch.db'),
  demo: booleanish.default(true),
  /** Overrides where the demo sends its events (another server's base URL); default: this server. */
  demoTarget: z.url({ protocol: /^(http|https|ws|wss)$/ }).optional(),
  watch: z.string().min(1).optional(),
  /** A codetether-agent data directory to follow (thread logs and session files); default rules in resolveCodetetherDir. */
  codetetherDir: z.string().min(1).optional(),
  staticDir: z.string().min(1).default('dist'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest WebSocket frame and HTTP body accepted from producers. */
  maxFrameBytes: z.coerce.number().int().min(1024).default(16 << 20),
  maxBodyBytes: z.coerce.number().int().min(1024).default(64 << 20),
  /** Other origins whose pages may call the API (CORS) and open its WebSockets; none by default. */
  corsOrigins: z
    .union([z.array(z.string()), z.string().transform((s) => s.split(','))])
    .transform((list) => list.map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).refine(isOrigin, 'expected an origin like https://host:port, without a path')))
    .default([]),
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

/** The environment variables each setting also reads. */
export const envNames: Record<keyof ServerConfig, string> = {
  port: 'TETHER_PORT',
  host: 'TETHER_HOST',
  db: 'TETHER_DB',
  demo: 'TETHER_DEMO',
  demoTarget: 'TETHER_DEMO_TARGET',
  watch: 'TETHER_WATCH',
  codetetherDir: 'TETHER_CODETETHER_DIR',
  staticDir: 'TETHER_STATIC_DIR',
  logLevel: 'LOG_LEVEL',
  maxFrameBytes: 'TETHER_MAX_FRAME_BYTES',
  maxBodyBytes: 'TETHER_MAX_BODY_BYTES',
  corsOrigins: 'TETHER_CORS_ORIGINS',
};

/** Merges flags over environment and validates; throws a message naming the setting and its source. */
export function resolveConfig(flags: Partial<Record<keyof ServerConfig, unknown>>, env: NodeJS.ProcessEnv): ServerConfig {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(envNames) as (keyof ServerConfig)[]) {
    const fromFlag = flags[key];
    const fromEnv = env[envNames[key]];
    if (fromFlag !== undefined) merged[key] = fromFlag;
    else if (fromEnv !== undefined && fromEnv !== '') merged[key] = fromEnv;
  }
  const parsed = serverConfigSchema.safeParse(merged);
  if (parsed.success) return { ...parsed.data, codetetherDir: resolveCodetetherDir(parsed.data.codetetherDir, env) };
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0]) as keyof ServerConfig;
    const source = flags[key] !== undefined ? `--${kebab(key)}` : envNames[key];
    return `${source}: ${issue.message}`;
  });
  throw new Error(`invalid configuration: ${problems.join('; ')}`);
}

/** `https://host[:port]` and nothing more: browsers send Origin in exactly that form. */
function isOrigin(text: string): boolean {
  try {
    return new URL(text).origin === text;
  } catch {
    return false;
  }
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
