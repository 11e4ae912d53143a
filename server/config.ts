import { z } from 'zod';
import { budgetOrderProblem } from './pricing/budget-config';
import { defaultMaxEventDepth, maxEventDepthCeiling, maxEventDepthFloor } from './ingest/event-depth-setting';
import { resolveTokens } from './security/auth-config';
import { tokenSchema } from './security/auth-tokens';
import { DEFAULT_ABANDONED_AFTER_MIN } from '#protocol/session-silence';

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
  /**
   * A codetether-agent data directory to follow (thread logs and session files), or `off`; as given:
   * the agent's own default rules apply where the adapter starts (resolveCodetetherDir in cli.ts).
   */
  codetetherDir: z.string().min(1).optional(),
  /** A `codetether serve` to follow live: its address (http://127.0.0.1:4096) or bus stream URL (server/adapters/codetether-serve/). */
  codetetherServe: z.url({ protocol: /^https?$/, error: 'expected the http(s) address of codetether serve, like http://127.0.0.1:4096' }).optional(),
  /** Its bearer token: from CODETETHER_AUTH_TOKEN (the agent's own variable) only, never a flag, which others can read in `ps`. */
  codetetherServeToken: z.string().min(1).optional(),
  staticDir: z.string().min(1).default('dist'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest WebSocket frame and HTTP body accepted from producers. */
  maxFrameBytes: z.coerce.number().int().min(1024).default(16 << 20),
  maxBodyBytes: z.coerce.number().int().min(1024).default(16 << 20),
  /** NDJSON bodies being received at once, all connections together (server/ingest/body-budget.ts). */
  maxBodyBytesInFlight: z.coerce.number().int().min(1024).default(64 << 20),
  /** Ingest limits (server/ingest/ingest-limits.ts): one event's JSON; events per frame or lines per POST. */
  maxEventBytes: z.coerce.number().int().min(256).default(1 << 20),
  maxBatchEvents: z.coerce.number().int().min(1).default(10_000),
  /** How deep one event may nest objects and arrays, on every ingest path (server/ingest/event-depth.ts). */
  maxEventDepth: z.coerce.number().int().min(maxEventDepthFloor).max(maxEventDepthCeiling).default(defaultMaxEventDepth),
  /** Unread replies one producer WebSocket may leave queued before the server stops reading from it. */
  ingestSendBufferBytes: z.coerce.number().int().min(16 * 1024).default(4 << 20),
  /** Time limits on an HTTP request: all its headers; the whole request (headers and body); an idle socket (0: none). */
  headersTimeoutMs: z.coerce.number().int().min(100).default(10_000),
  requestTimeoutMs: z.coerce.number().int().min(100).default(60_000),
  connectionTimeoutMs: z.coerce.number().int().min(0).default(0),
  /** Host names (besides loopback names and the bound address) the server answers to; `*`: any (no DNS-rebinding check). */
  allowedHosts: z
    .union([z.array(z.string()), z.string().transform((s) => s.split(','))])
    .transform((list) => list.map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*|[a-z0-9._-]+|\[[0-9a-f:.]+\])$/, 'expected host names like tether.example.com (no port, scheme or path), or *')))
    .default([]),
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
  /** Alerts (server/alerts/): webhook URLs, each sent a JSON POST per alert; comma-separated in the environment. */
  alertWebhooks: z
    .union([z.array(z.string()), z.string().transform((s) => s.split(','))])
    .transform((list) => list.map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'expected http(s) webhook URLs, comma-separated' })))
    .default([]),
  /** Signs each webhook body (X-Tether-Signature: sha256=HMAC); environment only, like tokens. */
  alertWebhookSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  /** JSON alert settings: per-kind and per-agent overrides, more webhooks (server/alerts/alert-settings.ts). */
  alertsFile: z.string().min(1).optional(),
  /** An active session silent this long is abandoned: the `abandoned` alert and the dashboard's "Abandoned" status (via /health). */
  abandonedAfterMin: z.coerce.number().positive().finite().default(DEFAULT_ABANDONED_AFTER_MIN),
  /** The day's (UTC) total spend at which the daily_spend alert fires; default none. */
  alertDailySpendUsd: z.coerce.number().positive().finite().optional(),
  /** The dashboard's address as users reach it, for links in alerts; default the address it listens on. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** OTLP/gRPC (the collector services) on its own port; off when unset (server/otlp/otlp-grpc-server.ts). */
  otlpGrpcPort: z.coerce.number().int().min(0).max(65535).optional(),
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
  if (config.maxBodyBytesInFlight < config.maxBodyBytes) {
    ctx.addIssue({ code: 'custom', path: ['maxBodyBytesInFlight'], message: `must be at least maxBodyBytes (${config.maxBodyBytes}), or no full body could be received` });
  }
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    ctx.addIssue({ code: 'custom', path: ['headersTimeoutMs'], message: `must not be over requestTimeoutMs (${config.requestTimeoutMs})` });
  }
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
  codetetherServe: 'TETHER_CODETETHER_SERVE',
  codetetherServeToken: 'CODETETHER_AUTH_TOKEN',
  staticDir: 'TETHER_STATIC_DIR',
  logLevel: 'LOG_LEVEL',
  maxFrameBytes: 'TETHER_MAX_FRAME_BYTES',
  maxBodyBytes: 'TETHER_MAX_BODY_BYTES',
  maxBodyBytesInFlight: 'TETHER_MAX_BODY_BYTES_IN_FLIGHT',
  maxEventBytes: 'TETHER_MAX_EVENT_BYTES',
  maxBatchEvents: 'TETHER_MAX_BATCH_EVENTS',
  maxEventDepth: 'TETHER_MAX_EVENT_DEPTH',
  ingestSendBufferBytes: 'TETHER_INGEST_SEND_BUFFER_BYTES',
  headersTimeoutMs: 'TETHER_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'TETHER_REQUEST_TIMEOUT_MS',
  connectionTimeoutMs: 'TETHER_CONNECTION_TIMEOUT_MS',
  allowedHosts: 'TETHER_ALLOWED_HOSTS',
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
  alertWebhooks: 'TETHER_ALERT_WEBHOOKS',
  alertWebhookSecret: 'TETHER_ALERT_WEBHOOK_SECRET',
  alertsFile: 'TETHER_ALERTS_FILE',
  abandonedAfterMin: 'TETHER_ABANDONED_AFTER_MIN',
  alertDailySpendUsd: 'TETHER_ALERT_DAILY_SPEND_USD',
  publicUrl: 'TETHER_PUBLIC_URL',
  otlpGrpcPort: 'TETHER_OTLP_GRPC_PORT',
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
    return { ...parsed.data, ingestTokens: tokens.ingest, readTokens: tokens.read };
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
