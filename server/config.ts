import { z } from 'zod';
import { resolveCodetetherDir } from './adapters/codetether/data-dir';
import { budgetOrderProblem } from './pricing/budget-config';
import { resolveTokens } from './security/auth-config';
import { tokenSchema } from './security/auth-tokens';

const booleanish = z.union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])]).transform((v) =>
  typeof v === 'boolean' ? v : ['1', 'true', 'yes', 'on'].includes(v),
);

/** Comma-separated in the environment; tokens never come from flags, which other users can read in `ps`. */
const tokenList = z
  .union([z.array(z.string()), z.string().transform((s) => s.split(','))])
  .transform((list) => list.map((t) => t.trim()).filter(Boolean))
  .pipe(z.array(tokenSchema))
  .default([]);

/** Everything the server reads at start-up, from flags first, then environment, then defaults. */
export const serverConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  host: z.string().min(1).default('127.0.0.1'),
  db: z.string().min(1).default('./data/tether-watch.db'),
  /** Scaled mode: the PostgreSQL store instead of the SQLite file (server/store/create-store.ts). */
  databaseUrl: z.url({ protocol: /^postgres(ql)?$/, error: 'expected a PostgreSQL URL like postgres://user:password@host:5432/database' }).optional(),
  /** Most connections to PostgreSQL per replica. */
  pgPool: z.coerce.number().int().min(1).max(1000).default(10),
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
  /** Ingest limits (server/ingest/ingest-limits.ts): one event's JSON; events per frame or lines per POST. */
  maxEventBytes: z.coerce.number().int().min(256).default(1 << 20),
  maxBatchEvents: z.coerce.number().int().min(1).default(10_000),
  /** Open WebSockets at once: producers on /api/v1/ingest, browsers on /api/v1/live. */
  maxIngestConnections: z.coerce.number().int().min(1).default(256),
  maxLiveConnections: z.coerce.number().int().min(1).default(1024),
  /** Events a second per producer connection (token bucket holding one second's worth); 0: no limit. */
  ingestEventsPerSecond: z.coerce.number().int().min(0).default(50_000),
  /** Other origins whose pages may call the API (CORS) and open its WebSockets; none by default. */
  corsOrigins: z
    .union([z.array(z.string()), z.string().transform((s) => s.split(','))])
    .transform((list) => list.map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).refine(isOrigin, 'expected an origin like https://host:port, without a path')))
    .default([]),
  /** Bearer tokens by scope (server/security/auth-tokens.ts); none on loopback = no authentication. */
  ingestTokens: tokenList,
  readTokens: tokenList,
  /** A JSON file {"ingest": [...], "read": [...]}, merged with the two lists above. */
  tokensFile: z.string().min(1).optional(),
  /** Price overrides over the catalogue (server/pricing/price-overrides.ts), re-read when it changes. */
  pricesFile: z.string().min(1).optional(),
  /** The global budget in USD (per-session overrides live in the store). */
  budgetWarnUsd: z.coerce.number().positive().finite().optional(),
  budgetLimitUsd: z.coerce.number().positive().finite().optional(),
  /** Scaled mode: replicas fan each other's committed batches out through this NATS server (server/live/nats-live-bus.ts). */
  natsUrl: z.url({ protocol: /^(nats|tls)$/, error: 'expected a NATS URL like nats://127.0.0.1:4222' }).optional(),
  /** The NATS subject the replicas of one deployment share. */
  natsSubject: z
    .string()
    .regex(/^[^.*>\s]+(\.[^.*>\s]+)*$/, 'expected a NATS subject like tether.live (dot-separated, no wildcards or spaces)')
    .default('tether.live'),
}).superRefine((config, ctx) => {
  const problem = budgetOrderProblem({ warn_usd: config.budgetWarnUsd, limit_usd: config.budgetLimitUsd });
  if (problem !== null) ctx.addIssue({ code: 'custom', path: ['budgetWarnUsd'], message: problem });
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

/** The environment variables each setting also reads. */
export const envNames: Record<keyof ServerConfig, string> = {
  port: 'TETHER_PORT',
  host: 'TETHER_HOST',
  db: 'TETHER_DB',
  databaseUrl: 'DATABASE_URL',
  pgPool: 'TETHER_PG_POOL',
  demo: 'TETHER_DEMO',
  demoTarget: 'TETHER_DEMO_TARGET',
  watch: 'TETHER_WATCH',
  codetetherDir: 'TETHER_CODETETHER_DIR',
  staticDir: 'TETHER_STATIC_DIR',
  logLevel: 'LOG_LEVEL',
  maxFrameBytes: 'TETHER_MAX_FRAME_BYTES',
  maxBodyBytes: 'TETHER_MAX_BODY_BYTES',
  maxEventBytes: 'TETHER_MAX_EVENT_BYTES',
  maxBatchEvents: 'TETHER_MAX_BATCH_EVENTS',
  maxIngestConnections: 'TETHER_MAX_INGEST_CONNECTIONS',
  maxLiveConnections: 'TETHER_MAX_LIVE_CONNECTIONS',
  ingestEventsPerSecond: 'TETHER_INGEST_EVENTS_PER_SECOND',
  corsOrigins: 'TETHER_CORS_ORIGINS',
  ingestTokens: 'TETHER_INGEST_TOKENS',
  readTokens: 'TETHER_READ_TOKENS',
  tokensFile: 'TETHER_TOKENS_FILE',
  pricesFile: 'TETHER_PRICES_FILE',
  budgetWarnUsd: 'TETHER_BUDGET_WARN_USD',
  budgetLimitUsd: 'TETHER_BUDGET_LIMIT_USD',
  natsUrl: 'NATS_URL',
  natsSubject: 'TETHER_NATS_SUBJECT',
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
  if (parsed.success) {
    const hostSource = flags.host !== undefined ? '--host' : envNames.host;
    const tokens = resolveTokens({ ...parsed.data, hostSource });
    return { ...parsed.data, ingestTokens: tokens.ingest, readTokens: tokens.read, codetetherDir: resolveCodetetherDir(parsed.data.codetetherDir, env) };
  }
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
