import Database from 'better-sqlite3';
import { ProducerClient } from '../producer/producer-client';
import { startServerProcess, type ServerProcess } from './server-process';
import { auditDelivery, deliveryKey, type DeliveryAudit, type StoredRow } from '../reliability/delivery-audit';
import { isStoredEvent, mixedEvent } from '../reliability/event-mix';

export interface CrashTrialOptions {
  /** Database directory, kept across trials (each trial uses its own sessions). */
  dir: string;
  /** 0 or absent: any free port, kept for the restarts so that producers reconnect to it. */
  port?: number;
  producers: number;
  sessionsPerProducer: number;
  /** SIGKILLs in the run, each at a random moment within `killWindowMs` of the first ack after the server's (re)start. */
  kills: number;
  killWindowMs: readonly [number, number];
  /** How long producers keep sending after the last restart. */
  tailMs: number;
  /** Events each producer writes per 5 ms tick (its send rate). */
  eventsPerTick?: number;
  random?: () => number;
  /** Called with each server process as it starts (the soak attaches live clients and samples memory). */
  onServer?: (server: ServerProcess) => void;
  env?: NodeJS.ProcessEnv;
}

export interface CrashTrialReport extends DeliveryAudit {
  port: number;
  /** Stored (durable + history) events written by the producers, and ephemeral ones. */
  sentStored: number;
  sentEphemeral: number;
  /** Stored events acknowledged, and how many of them were before each kill. */
  acked: number;
  ackedBeforeKills: number[];
  /** Writes of an event already written once (the resends after each crash). */
  resent: number;
  kills: number;
  durationMs: number;
}

/** Unacknowledged stored events a producer may hold before its sender waits (bounds memory while the server is down). */
const MAX_UNACKED = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One crash run: a real server process, several producers (ProducerClient over
 * the ingest WebSocket) streaming durable, history and ephemeral events, the
 * server SIGKILLed mid-stream and restarted on the same database and port,
 * producers reconnecting and resending what was not acknowledged; then the
 * database itself is read back and audited.
 */
export async function runCrashTrial(options: CrashTrialOptions): Promise<CrashTrialReport> {
  const random = options.random ?? Math.random;
  const startedAt = Date.now();
  const trialId = `crash-${startedAt.toString(36)}-${Math.floor(random() * 1e9).toString(36)}`;
  let server = await startServerProcess({ dir: options.dir, port: options.port, env: options.env });
  options.onServer?.(server);
  const port = server.port;

  const sent = new Set<string>();
  const acked = new Set<string>();
  let sentEphemeral = 0;
  const producers = Array.from({ length: options.producers }, () =>
    new ProducerClient({
      url: `${server.wsUrl}/api/v1/ingest`,
      maxBatch: 200,
      reconnectBaseMs: 50,
      reconnectMaxMs: 500,
      ackTimeoutMs: 10_000,
      onAcked: (events) => {
        for (const e of events) if (isStoredEvent(e)) acked.add(deliveryKey(e.session_id, e.seq));
      },
    }),
  );

  let stopped = false;
  const eventsPerTick = options.eventsPerTick ?? 25;
  const senders = producers.map(async (producer, p) => {
    const sessions = Array.from({ length: options.sessionsPerProducer }, (_, s) => ({ id: `${trialId}-p${p}-s${s}`, next: 0 }));
    let turn = 0;
    while (!stopped) {
      for (let i = 0; i < eventsPerTick; i++) {
        const session = sessions[turn++ % sessions.length]!;
        const event = mixedEvent(session.id, session.next++);
        if (isStoredEvent(event)) sent.add(deliveryKey(event.session_id, event.seq));
        else sentEphemeral++;
        producer.send(event);
      }
      await sleep(5);
      while (!stopped && producer.stats.unacked > MAX_UNACKED) await sleep(20);
    }
  });

  const ackedBeforeKills: number[] = [];
  try {
    for (let k = 0; k < options.kills; k++) {
      const [min, max] = options.killWindowMs;
      // Mid-stream means after this server has acknowledged something: start-up time varies with the machine's load.
      const ackedAtStart = acked.size;
      const deadline = Date.now() + 30_000;
      while (acked.size === ackedAtStart && Date.now() < deadline) await sleep(10);
      await sleep(min + random() * (max - min));
      ackedBeforeKills.push(acked.size);
      await server.kill();
      server = await startServerProcess({ dir: options.dir, port, env: options.env });
      options.onServer?.(server);
    }
    await sleep(options.tailMs);
  } finally {
    stopped = true;
    await Promise.all(senders);
  }
  try {
    await Promise.all(producers.map((p) => p.flush(30_000)));
  } finally {
    await Promise.all(producers.map((p) => p.close()));
    await server.stop();
  }
  const resent = producers.reduce((n, p) => n + p.stats.resent, 0);
  const audit = auditDelivery({ sent, acked, rows: readStoredRows(server.dbPath, trialId) });
  return {
    ...audit,
    port,
    sentStored: sent.size,
    sentEphemeral,
    acked: acked.size,
    ackedBeforeKills,
    resent,
    kills: options.kills,
    durationMs: Date.now() - startedAt,
  };
}

/** The trial's rows straight from the database file, in cursor order. */
function readStoredRows(dbPath: string, trialId: string): StoredRow[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT session_id, seq, cursor FROM events WHERE session_id LIKE ? ORDER BY cursor').all(`${trialId}-%`) as StoredRow[];
  } finally {
    db.close();
  }
}
