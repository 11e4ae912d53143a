import fs from 'node:fs';
import { z } from 'zod';
import type { AlertKind } from '#protocol/alert-schemas';

// When each alert kind fires: defaults, overridden globally and per agent by the
// alerts file (TETHER_ALERTS_FILE). Parsed once at start-up; a wrong file stops
// the server with the field at fault.

const minute = 60_000;
const enabled = z.boolean().optional();
const afterMs = z.number().int().min(0).optional();

/** One kind's settings; every field optional so an agent override names only what it changes. */
const kindOverrideSchemas = {
  approval_waiting: z.strictObject({ enabled, after_ms: afterMs }),
  error: z.strictObject({ enabled }),
  stalled: z.strictObject({ enabled, after_ms: afterMs }),
  abandoned: z.strictObject({ enabled, after_ms: afterMs }),
  budget_warn: z.strictObject({ enabled }),
  budget_limit: z.strictObject({ enabled }),
  context_over_budget: z.strictObject({ enabled }),
  context_lost: z.strictObject({ enabled }),
  compaction_failed: z.strictObject({ enabled }),
  subcall_fallback: z.strictObject({ enabled }),
} as const;
type SessionKind = keyof typeof kindOverrideSchemas;

const agentOverridesSchema = z.strictObject(Object.fromEntries(Object.entries(kindOverrideSchemas).map(([k, s]) => [k, s.optional()])) as {
  [K in SessionKind]: z.ZodOptional<(typeof kindOverrideSchemas)[K]>;
});

export const alertsFileSchema = z.strictObject({
  /** Extra webhook URLs, added to TETHER_ALERT_WEBHOOKS / --alert-webhooks. */
  webhooks: z.array(z.url({ protocol: /^https?$/ })).optional(),
  /** How often time-based conditions (approval delay, stalled, abandoned, the day's rollover) are checked. */
  sweep_interval_ms: z.number().int().min(50).max(10 * minute).optional(),
  webhook: z
    .strictObject({
      /** First retry after this; each next one waits twice as long, up to 5 minutes. */
      retry_base_ms: z.number().int().min(10).max(10 * minute).optional(),
      /** Tries (first one included) before a delivery is given up and counted as failed. */
      max_attempts: z.number().int().min(1).max(50).optional(),
      timeout_ms: z.number().int().min(100).max(minute).optional(),
    })
    .optional(),
  kinds: z.strictObject({ ...agentOverridesSchema.shape, daily_spend: z.strictObject({ enabled, usd: z.number().positive().finite().optional() }).optional() }).optional(),
  /** Per agent name (the session's `agent`): overrides of `kinds`. */
  agents: z.record(z.string().min(1), agentOverridesSchema).optional(),
  /** Alert on the built-in demo's sessions too (src/protocol/demo-producer.ts); by default they never alert nor count in `daily_spend`. */
  include_demo: z.boolean().optional(),
});
export type AlertsFile = z.infer<typeof alertsFileSchema>;
type AgentOverrides = z.infer<typeof agentOverridesSchema>;

export interface KindSettings {
  enabled: boolean;
  /** For the time-based kinds: how long the condition must hold. */
  afterMs: number;
}

export interface AlertSettings {
  webhooks: string[];
  webhookSecret: string | null;
  sweepIntervalMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
  /** The day's spend (UTC day) at which `daily_spend` fires; null: off. */
  dailySpendUsd: number | null;
  /** Base of the session links in messages and webhooks. */
  publicUrl: string;
  kinds: Record<SessionKind, KindSettings>;
  agents: Map<string, AgentOverrides>;
  /** Whether the built-in demo's sessions alert and count in the day's spend (alerts file `include_demo`; off by default). */
  includeDemo: boolean;
}

export interface AlertConfigInput {
  alertWebhooks: string[];
  alertWebhookSecret?: string;
  alertsFile?: string;
  abandonedAfterMin: number;
  alertDailySpendUsd?: number;
  publicUrl?: string;
}

/** The defaults: an approval alerts at once, silence for 5 minutes is stalled, `abandonedAfterMin` abandoned. */
export function defaultKinds(abandonedAfterMs: number): Record<SessionKind, KindSettings> {
  const on = (afterMs = 0): KindSettings => ({ enabled: true, afterMs });
  return {
    approval_waiting: on(0),
    error: on(),
    stalled: on(5 * minute),
    abandoned: on(abandonedAfterMs),
    budget_warn: on(),
    budget_limit: on(),
    context_over_budget: on(),
    context_lost: on(),
    compaction_failed: on(),
    subcall_fallback: on(),
  };
}

function merge(base: KindSettings, override: { enabled?: boolean; after_ms?: number } | undefined): KindSettings {
  return { enabled: override?.enabled ?? base.enabled, afterMs: override?.after_ms ?? base.afterMs };
}

/** Settings from configuration and the parsed alerts file (pure). */
export function alertSettingsOf(config: AlertConfigInput, file: AlertsFile, listeningUrl: string): AlertSettings {
  const kinds = defaultKinds(config.abandonedAfterMin * minute);
  for (const kind of Object.keys(kinds) as SessionKind[]) kinds[kind] = merge(kinds[kind], file.kinds?.[kind]);
  const daily = file.kinds?.daily_spend;
  return {
    webhooks: [...new Set([...config.alertWebhooks, ...(file.webhooks ?? [])])],
    webhookSecret: config.alertWebhookSecret ?? null,
    sweepIntervalMs: file.sweep_interval_ms ?? 10_000,
    retryBaseMs: file.webhook?.retry_base_ms ?? 1000,
    maxAttempts: file.webhook?.max_attempts ?? 8,
    timeoutMs: file.webhook?.timeout_ms ?? 10_000,
    dailySpendUsd: daily?.enabled === false ? null : (daily?.usd ?? config.alertDailySpendUsd ?? null),
    publicUrl: (config.publicUrl ?? listeningUrl).replace(/\/+$/, ''),
    kinds,
    agents: new Map(Object.entries(file.agents ?? {})),
    includeDemo: file.include_demo ?? false,
  };
}

/** One kind's settings for a session of `agent`: the agent's override over the global ones. */
export function kindSettingsFor(settings: AlertSettings, kind: Exclude<AlertKind, 'daily_spend'>, agent: string | null): KindSettings {
  const global = settings.kinds[kind];
  const override = agent === null ? undefined : settings.agents.get(agent)?.[kind];
  return merge(global, override);
}

/** Reads and validates the alerts file; the error names the file, the field and why. */
export function readAlertsFile(filePath: string | undefined): AlertsFile {
  if (filePath === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(filePath, 'utf8'));
  } catch (err) {
    throw new Error(`alerts file ${filePath}: ${(err as Error).message}`);
  }
  const parsed = alertsFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(file)');
    return `${where}: ${issue.message}`;
  });
  throw new Error(`alerts file ${filePath}: ${problems.join('; ')}`);
}
