import { Command, Option } from 'commander';
import pino from 'pino';
import { resolveConfig, type ServerConfig } from './config';
import { createStore, describeStore } from './store/create-store';
import { startServer } from './app';
import { createLogger } from './security/logger';
import { startDemo } from './demo/demo-runner';
import { followJsonlDirectory } from './ingest/files/jsonl-follower';
import { setMaxEventDepth } from './ingest/event-depth';
import { formatImportSummary, runImport } from './cli/import-command';
import { DEFAULT_INGEST_SERVER, runIngestCommand } from './cli/ingest-command';
import { ingestFormats, type IngestFormat } from './cli/ingest-stream';
import { removeDemoDataFromServer, removeDemoDataFromStore } from './cli/demo-remove-command';
import { watchCodetetherDir } from './adapters/codetether/codetether-watch';
import { resolveCodetetherDir, sessionLocationsRoot } from './adapters/codetether/data-dir';
import { followCodetetherServe } from './adapters/codetether-serve/codetether-serve-follower';
import { displayUrlOf, busStreamUrlOf } from './adapters/codetether-serve/bus-stream-client';
import { reportCodetetherServeHealth } from './api/health-route';

/** `http://h:p` (or ws://) -> the producer WebSocket URL on that server. */
function ingestUrlOf(base: string): string {
  const url = new URL(base);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/api/v1/ingest';
  return url.toString();
}

/** Start-up words when the demo runs: its sessions are fake, kept apart, and how to do without them. */
const demoBanner =
  '  The demo sessions are simulated (marked "Demo", left out of costs and alerts).\n' +
  '  Without the demo: npm start -- --no-demo (or TETHER_DEMO=0). Remove its data: npm run cli -- demo remove, or "Remove demo data" in the dashboard.\n';

async function serve(flags: Partial<Record<keyof ServerConfig, unknown>>): Promise<void> {
  let config: ServerConfig;
  try {
    config = resolveConfig(flags, process.env);
  } catch (err) {
    console.error(`tether-watch: ${(err as Error).message}`);
    process.exit(2);
  }
  const log = createLogger(config.logLevel);
  const server = await startServer(config, log);
  const stops: (() => Promise<void>)[] = [];
  if (config.watch) {
    const follower = followJsonlDirectory({ dir: config.watch, submit: (items) => server.pipeline.submit(items), countRejected: (n) => server.pipeline.countRejected(n), log: log.child({ component: 'watch' }) });
    stops.push(() => follower.stop());
  }
  const codetetherDir = resolveCodetetherDir(config.codetetherDir, process.env);
  if (codetetherDir) {
    const lastSeqOf = async (id: string) => (await server.store.getSession(id))?.last_seq ?? 0;
    const codetether = watchCodetetherDir({ dataDir: codetetherDir, locationsRoot: sessionLocationsRoot(process.env), submit: (items) => server.pipeline.submit(items), countRejected: (n) => server.pipeline.countRejected(n), lastSeqOf, log: log.child({ component: 'codetether' }) });
    stops.push(() => codetether.stop());
  }
  if (config.codetetherServe) {
    const follower = followCodetetherServe({ url: config.codetetherServe, token: config.codetetherServeToken, submit: (items) => server.pipeline.submit(items), countRejected: (n) => server.pipeline.countRejected(n), log: log.child({ component: 'codetether-serve' }) });
    reportCodetetherServeHealth(server.app, () => follower.status());
    stops.push(() => follower.stop());
  }
  if (config.demo) {
    // In-process, yet it goes through the ingest socket like any agent: it needs an ingest token when the server has them.
    const demoToken = (config.demoTarget ? process.env.TETHER_TOKEN : undefined) ?? config.ingestTokens[0];
    const demo = startDemo({ url: ingestUrlOf(config.demoTarget ?? server.url), token: demoToken, log: log.child({ component: 'demo' }) });
    // Attached, so that removing the demo's data (DELETE /api/v1/demo-data) stops it first.
    server.demo.attach(demo);
    stops.push(() => server.demo.stop().then(() => undefined));
  }
  process.stderr.write(`\n  Tether Watch is running: open ${server.url}\n  store: ${describeStore(config)}${config.natsUrl ? ` · live bus: NATS at ${new URL(config.natsUrl).host}, subject ${config.natsSubject}` : ''}${config.demo ? ' · live demo sessions on' : ''}${config.watch ? ` · watching ${config.watch}` : ''}${codetetherDir ? ` · codetether sessions from ${codetetherDir}` : ''}${config.codetetherServe ? ` · following codetether serve at ${displayUrlOf(busStreamUrlOf(config.codetetherServe))}` : ''}\n${config.demo ? demoBanner : ''}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    for (const stop of stops) await stop().catch((err: unknown) => log.warn({ err }, 'stopping a source failed'));
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

const program = new Command('tether-watch').description('Tether Watch: ingest, store and watch live AI-agent sessions.');

program
  .command('serve', { isDefault: true })
  .description('run the dashboard server (REST, WebSockets, the built SPA) with the live demo')
  .option('--port <n>', 'port to listen on (env TETHER_PORT, default 8787)')
  .option('--host <addr>', 'address to bind (env TETHER_HOST, default 127.0.0.1)')
  .option('--db <path>', 'SQLite database file (env TETHER_DB, default ./data/tether-watch.db)')
  .option('--database-url <url>', 'use this PostgreSQL database instead of the SQLite file (env DATABASE_URL)')
  .option('--pg-pool <n>', 'most PostgreSQL connections (env TETHER_PG_POOL, default 10)')
  .option('--no-demo', 'do not start the live demo sessions (env TETHER_DEMO=0)')
  .option('--demo-target <url>', 'send the demo to another server instead (env TETHER_DEMO_TARGET)')
  .option('--watch <dir>', 'follow the JSONL files in this directory (env TETHER_WATCH)')
  .option('--codetether-dir <dir>', 'follow a codetether-agent data directory (env TETHER_CODETETHER_DIR; default the agent\'s own when present: $CODETETHER_DATA_DIR, else .codetether-agent in the nearest ancestor with .git, else here; "off": none)')
  .option('--codetether-serve <url>', 'follow the live bus of `codetether serve` at this address, e.g. http://127.0.0.1:4096 (env TETHER_CODETETHER_SERVE; its token from env CODETETHER_AUTH_TOKEN)')
  .option('--cors-origins <list>', 'comma-separated origins allowed to call the API from their pages (env TETHER_CORS_ORIGINS, default none)')
  .option('--allowed-hosts <list>', 'comma-separated host names the server answers to besides loopback names and the bound address, e.g. behind a proxy (env TETHER_ALLOWED_HOSTS; * for any)')
  .option('--tokens-file <path>', 'JSON {"ingest": [...], "read": [...]} of bearer tokens (env TETHER_TOKENS_FILE; or TETHER_INGEST_TOKENS / TETHER_READ_TOKENS)')
  .option('--static-dir <dir>', 'where the built SPA is (env TETHER_STATIC_DIR, default dist)')
  .option('--prices-file <path>', 'JSON price overrides over the catalogue, re-read when it changes (env TETHER_PRICES_FILE)')
  .option('--budget-warn-usd <usd>', 'global cost warning per session in USD (env TETHER_BUDGET_WARN_USD, default none)')
  .option('--budget-limit-usd <usd>', 'global cost limit per session in USD (env TETHER_BUDGET_LIMIT_USD, default none)')
  .option('--alert-webhooks <urls>', 'comma-separated URLs sent a JSON POST per alert (env TETHER_ALERT_WEBHOOKS; signing secret from env TETHER_ALERT_WEBHOOK_SECRET only)')
  .option('--alerts-file <path>', 'JSON alert settings: per-kind and per-agent overrides (env TETHER_ALERTS_FILE)')
  .option('--abandoned-after-min <n>', 'an active session silent this long is abandoned (env TETHER_ABANDONED_AFTER_MIN, default 30)')
  .option('--alert-daily-spend-usd <usd>', 'alert when the day\'s (UTC) total spend reaches this (env TETHER_ALERT_DAILY_SPEND_USD, default none)')
  .option('--public-url <url>', 'the dashboard address users open, for links in alerts (env TETHER_PUBLIC_URL, default the listening address)')
  .option('--nats-url <url>', 'scaled mode: share live fan-out with other replicas through this NATS server (env NATS_URL, default off)')
  .option('--nats-subject <subject>', 'the NATS subject the replicas share (env TETHER_NATS_SUBJECT, default tether.live)')
  .option('--otlp-grpc-port <n>', 'also take OTLP over gRPC on this port, e.g. 4317 (env TETHER_OTLP_GRPC_PORT, default off; OTLP/HTTP is always on the main port)')
  .addOption(new Option('--log-level <level>', 'log level (env LOG_LEVEL)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
  .action(async (opts: Record<string, unknown>, cmd: Command) => {
    // `--no-demo` gives `demo` a default of true; only an explicit flag may override TETHER_DEMO.
    const demo = cmd.getOptionValueSource('demo') === 'cli' ? opts.demo : undefined;
    await serve({ ...opts, demo });
  });

program
  .command('import')
  .description('load JSONL event files into the database, with progress and a summary')
  .argument('<files...>', 'JSONL files, one event per line')
  .option('--db <path>', 'SQLite database file (env TETHER_DB, default ./data/tether-watch.db)')
  .option('--no-progress', 'no progress bar')
  .action(async (files: string[], opts: { db?: string; progress: boolean }) => {
    // Binds nothing: the serve-only rule about tokens off loopback must not stop an import.
    const config = resolveConfig({ db: opts.db, demo: false, host: '127.0.0.1' }, process.env);
    setMaxEventDepth(config.maxEventDepth);
    const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
    const summary = await runImport({ files, dbPath: config.db, log, progress: opts.progress });
    process.stdout.write(`${formatImportSummary(summary)}\n`);
    process.exitCode = summary.total.rejected > 0 ? 1 : 0;
  });

program
  .command('ingest')
  .description('read events from standard input, e.g. `codetether run ... --format jsonl | tether-watch ingest --format codetether-run`')
  .addOption(new Option('--format <format>', 'what standard input holds').choices(ingestFormats).makeOptionMandatory())
  .option('--server <url>', `send them to this server (default ${DEFAULT_INGEST_SERVER})`)
  .option('--db <path>', 'write them into this SQLite database file instead')
  .option('--token <token>', 'ingest token for --server (env TETHER_TOKEN, which keeps it out of `ps`)')
  .option('--session <id>', 'codetether-run: the session of output that names none (/autochat); default one derived from the output')
  .action(async (opts: { format: IngestFormat; server?: string; db?: string; token?: string; session?: string }) => {
    const token = opts.token ?? (process.env.TETHER_TOKEN || undefined);
    process.exitCode = await runIngestCommand({ ...opts, token }, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  });

const demoCommand = program
  .command('demo')
  .description('run only the demo sessions, sending them to a server (`demo remove`: delete their data)')
  .option('--target <url>', 'the server to send to', 'http://127.0.0.1:8787')
  .option('--sessions <n>', 'concurrent sessions (3-5)', '4')
  .option('--speed <x>', 'time factor (2 = twice as fast)', '1')
  .option('--token <token>', 'ingest token (env TETHER_TOKEN, which keeps it out of `ps`)')
  .action((opts: { target: string; sessions: string; speed: string; token?: string }) => {
    const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
    const token = opts.token ?? (process.env.TETHER_TOKEN || undefined);
    const demo = startDemo({ url: ingestUrlOf(opts.target), token, log, sessions: Number(opts.sessions), speed: Number(opts.speed) });
    const stop = () => void demo.stop().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });

demoCommand
  .command('remove')
  .description("delete every demo session's events, usage, rollups and summaries; a running server stops its own demo first")
  .option('--server <url>', 'the server to ask (default http://127.0.0.1:8787)')
  .option('--token <token>', 'read token for --server (env TETHER_TOKEN, which keeps it out of `ps`)')
  .option('--db <path>', 'remove from this SQLite file instead, with no server running on it (or the PostgreSQL database of env DATABASE_URL)')
  .action(async (opts: { server?: string; token?: string; db?: string }) => {
    const io = { stdout: process.stdout, stderr: process.stderr };
    if (opts.db !== undefined || (opts.server === undefined && process.env.DATABASE_URL)) {
      const config = resolveConfig({ db: opts.db, demo: false, host: '127.0.0.1' }, process.env);
      process.exitCode = await removeDemoDataFromStore(await createStore(config), io);
      return;
    }
    const token = opts.token ?? (process.env.TETHER_TOKEN || undefined);
    process.exitCode = await removeDemoDataFromServer({ server: opts.server ?? 'http://127.0.0.1:8787', token }, io);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`tether-watch: ${(err as Error).message}`);
  process.exit(1);
});
