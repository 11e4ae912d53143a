import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ProducerClient } from '../producer/producer-client';
import type { ProducerLog, ProducerStats } from '../producer/producer-options';
import { historyEvents } from './demo-history';
import { Random, randomSeed } from './random';
import { sessionScenario } from './scenario';
import { SessionPlayer } from './session-player';
import { pickSessionProfile } from './session-profiles';

export interface DemoOptions {
  /** The server's producer socket, e.g. `ws://127.0.0.1:8080/api/v1/ingest`. */
  url: string;
  /** An `ingest` token, when the server requires one. */
  token?: string;
  /** Any pino-compatible logger. */
  log: ProducerLog;
  /** How many sessions run at once: a fixed number, or a range the count wanders within. Default 3 to 5. */
  sessions?: number | { min: number; max: number };
  /** Time scale: 1 is real time (a session lasts one to four minutes), 10 plays ten times as fast. Default 1. */
  speed?: number;
  /** Reproduces a run's profiles and scenarios (not its session ids or timestamps). Random by default. */
  seed?: number;
  /** Finished sessions placed in the last hour at start, so lists and charts are not empty on first open. Default 6. */
  history?: number;
}

// Validates DemoOptions (all but the logger) at start-up.
const demoSettingsSchema = z.object({
  url: z.string().regex(/^wss?:\/\//, 'expected a ws:// or wss:// URL'),
  token: z.string().min(1).optional(),
  sessions: z
    .union([z.number().int().min(1).max(50), z.object({ min: z.number().int().min(1), max: z.number().int().max(50) })])
    .default({ min: 3, max: 5 })
    .transform((s) => (typeof s === 'number' ? { min: s, max: s } : s))
    .refine((s) => s.min <= s.max, 'sessions.min must not exceed sessions.max'),
  speed: z.number().positive().max(1000).default(1),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  history: z.number().int().min(0).max(200).default(6),
}) satisfies z.ZodType<unknown, Omit<DemoOptions, 'log'>>;

export interface DemoStats {
  running: number;
  /** Live sessions started since the demo began (history not included). */
  started: number;
  producer: ProducerStats;
}

export interface DemoHandle {
  /** The seed in use: pass it back to replay the same sessions. */
  readonly seed: number;
  stats(): DemoStats;
  /** Interrupts running sessions (each ends with an error event), waits briefly for acks, closes the socket. */
  stop(): Promise<void>;
}

/**
 * Simulated agents for the dashboard: keeps a few sessions running over the
 * real ingest socket, starting a new one as each ends. Throws on invalid options.
 */
export function startDemo(options: DemoOptions): DemoHandle {
  const { log, ...rest } = options;
  const parsed = demoSettingsSchema.safeParse(rest);
  if (!parsed.success) throw new Error(`invalid demo options: ${z.prettifyError(parsed.error)}`);
  const settings = parsed.data;
  const seed = settings.seed ?? randomSeed();
  const rng = new Random(seed);
  const client = new ProducerClient({ url: settings.url, token: settings.token, log, flushIntervalMs: 20 });
  const players = new Set<SessionPlayer>();
  let targetRunning = rng.int(settings.sessions.min, settings.sessions.max);
  let started = 0;
  let stopped = false;
  let topUpTimer: NodeJS.Timeout | null = null;

  const startSession = () => {
    const profile = pickSessionProfile(rng);
    const player = new SessionPlayer({
      sessionId: randomUUID(),
      steps: sessionScenario(rng.fork(), profile),
      speed: settings.speed,
      send: (event) => client.send(event),
      onEnd: () => {
        players.delete(player);
        // The count wanders within the range, and a replacement arrives after a pause, as real work does.
        targetRunning = rng.int(settings.sessions.min, settings.sessions.max);
        scheduleTopUp(rng.int(1_500, 6_000));
      },
    });
    players.add(player);
    started++;
    log.debug({ session_id: player.sessionId, title: profile.task.title, model: profile.model.id, fate: profile.fate }, 'demo session started');
    player.start();
  };

  /** Starts sessions one at a time, staggered, so they do not move in lock-step. */
  const scheduleTopUp = (delayMs: number) => {
    if (stopped || topUpTimer) return;
    topUpTimer = setTimeout(() => {
      topUpTimer = null;
      if (stopped || players.size >= targetRunning) return;
      startSession();
      if (players.size < targetRunning) scheduleTopUp(rng.int(400, 2_500));
    }, delayMs / settings.speed);
  };

  void client.whenConnected().then(() => {
    if (stopped) return;
    for (const event of historyEvents(rng.fork(), settings.history, Date.now(), randomUUID)) client.send(event);
    log.info({ seed, sessions: settings.sessions, speed: settings.speed, history: settings.history }, 'demo started');
    scheduleTopUp(0);
  });

  return {
    seed,
    stats: () => ({ running: players.size, started, producer: client.stats }),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (topUpTimer) clearTimeout(topUpTimer);
      for (const player of players) player.interrupt('session interrupted: the demo was stopped');
      players.clear();
      try {
        if (client.connected) await client.flush(3_000);
      } catch (err) {
        log.warn({ err }, 'demo stopped before the server acknowledged everything');
      }
      await client.close();
      log.info({ started }, 'demo stopped');
    },
  };
}
