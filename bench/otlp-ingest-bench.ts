import fs from 'node:fs';
import http from 'node:http';
import { otlpProto } from '../server/otlp/otlp-proto';
import { startServerProcess } from '../server/test-support/server-process';

// OTLP/HTTP protobuf ingest of token-usage-bearing log records, shaped like Claude
// Code's `claude_code.api_request` event (attributes as its monitoring docs list
// them; see server/otlp/mapping/fixtures/claude-code-logs.json), through the real
// server process and the real mapping, acknowledged only after commit.

const SESSIONS = 20;
/** Records per request: the SDKs' BatchLogRecordProcessor exports at most 512 by default. */
const RECORDS_PER_REQUEST = 500;
/** Requests in flight, as many as the WebSocket reference keeps frames in flight (4 sockets x 4); HTTP/1.1 needs a connection for each. */
const IN_FLIGHT = 16;

type Attr = { key: string; value: Record<string, unknown> };
const str = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Attr => ({ key, value: { intValue: value } });

/** Request bodies (ExportLogsServiceRequest, binary protobuf), encoded before the clock starts. */
export function makeApiRequestBodies(records: number, runTag: string): Buffer[] {
  const { request } = otlpProto().signals.logs;
  const t0 = BigInt(Date.UTC(2026, 11, 3, 12)) * 1_000_000n;
  const bodies: Buffer[] = [];
  for (let start = 0; start < records; start += RECORDS_PER_REQUEST) {
    const logRecords = [];
    for (let i = start; i < Math.min(records, start + RECORDS_PER_REQUEST); i++) {
      const session = `otlp-bench-${runTag}-${i % SESSIONS}`;
      const seq = Math.floor(i / SESSIONS) + 1;
      const time = String(t0 + BigInt(i) * 10_000_000n);
      logRecords.push({
        timeUnixNano: time,
        observedTimeUnixNano: time,
        severityNumber: 9,
        severityText: 'INFO',
        body: { stringValue: 'claude_code.api_request' },
        attributes: [
          str('session.id', session),
          str('user.id', 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9'),
          str('organization.id', '7c9e6679-7425-40de-944b-e07fc1f90ae7'),
          str('terminal.type', 'vscode'),
          str('prompt.id', `prompt-${runTag}-${Math.floor(i / 100)}`),
          str('event.name', 'api_request'),
          str('event.timestamp', new Date(Number((t0 + BigInt(i) * 10_000_000n) / 1_000_000n)).toISOString()),
          int('event.sequence', seq),
          str('model', ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-1-20250805'][i % 3]!),
          { key: 'cost_usd', value: { doubleValue: 0.0123 } },
          int('duration_ms', 800 + (i % 700)),
          int('input_tokens', 12 + (i % 500)),
          int('output_tokens', 200 + (i % 100)),
          int('cache_read_tokens', 15_000),
          int('cache_creation_tokens', 2000),
          str('request_id', `req_${runTag}_${i}`),
          str('speed', 'normal'),
          str('query_source', i % 5 === 0 ? 'agent:builtin:general-purpose' : 'repl_main_thread'),
        ],
      });
    }
    const message = request.fromObject({
      resourceLogs: [
        {
          resource: { attributes: [str('service.name', 'claude-code'), str('service.version', '2.1.200'), str('os.type', 'linux')] },
          scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events', version: '2.1.200' }, logRecords }],
        },
      ],
    });
    bodies.push(Buffer.from(request.encode(message).finish()));
  }
  return bodies;
}

/** POSTs the bodies over keep-alive connections, IN_FLIGHT at a time; resolves with the milliseconds until all are answered. */
async function postAll(url: string, bodies: Buffer[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const { response } = otlpProto().signals.logs;
  const post = (body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(`${url}/v1/logs`, { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const reply = Buffer.concat(chunks);
          if (res.statusCode !== 200) return reject(new Error(`OTLP export refused: ${res.statusCode} ${reply.toString('latin1').slice(0, 300)}`));
          const partial = (response.decode(reply) as unknown as { partialSuccess?: { errorMessage: string } | null }).partialSuccess;
          if (partial) return reject(new Error(`OTLP export partly refused: ${partial.errorMessage}`));
          resolve();
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) await post(bodies[next++]!);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  return elapsed;
}

/** Events stored per second over OTLP/HTTP protobuf; checks that every record became a stored event. */
export async function benchOtlpIngest(records: number): Promise<{ otlpEventsPerS: number }> {
  // BENCH_PROFILE_DIR=/tmp/prof writes a CPU profile of the server process.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const server = await startServerProcess({ nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  try {
    const bodies = makeApiRequestBodies(records, Math.random().toString(36).slice(2, 8));
    const elapsedMs = await postAll(server.url, bodies);
    const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as { ingest: { accepted: number } };
    if (health.ingest.accepted < records) throw new Error(`only ${health.ingest.accepted} of ${records} records were stored as events`);
    return { otlpEventsPerS: health.ingest.accepted / (elapsedMs / 1000) };
  } finally {
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}
