import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runIngestCommand } from '../cli/ingest-command';
import { ProducerClient } from '../producer/producer-client';
import type { ProducerLog } from '../producer/producer-options';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { testServers, waitFor } from '../test-support/test-server';

// Everything that talks to a server with tokens sends its ingest token.
const servers = testServers(afterEach);
const ingestToken = 'ingest-token-0123456789abcdef';
const readToken = 'read-token-0123456789abcdef';
const startWithTokens = () => servers.start({ config: { ingestTokens: [ingestToken], readTokens: [readToken] } });

function recordingLog() {
  const warnings: string[] = [];
  const log: ProducerLog = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (_obj: unknown, msg?: string) => void warnings.push(String(msg)) } as unknown as ProducerLog;
  return { warnings, log };
}

async function storedCount(url: string, sessionId: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/sessions/${sessionId}/events`, { headers: { authorization: `Bearer ${readToken}` } });
  return res.ok ? ((await res.json()) as { events: unknown[] }).events.length : 0;
}

describe('clients of a server with tokens', () => {
  it('the producer client sends its token in the header and gets its events acknowledged', async () => {
    const { url, wsUrl } = await startWithTokens();
    const producer = new ProducerClient({ url: `${wsUrl}/api/v1/ingest`, token: ingestToken, flushIntervalMs: 0 });
    servers.defer(() => producer.close());
    const sessionId = uniqueSessionId('producer-auth');
    const e = sessionEvents(sessionId);
    producer.send(e('token_usage'));
    await producer.whenAcked(5_000);
    expect(await storedCount(url, sessionId)).toBe(1);
  });

  it('the producer client without a token is refused, and says so once as a warning', async () => {
    const { wsUrl } = await startWithTokens();
    const { warnings, log } = recordingLog();
    const producer = new ProducerClient({ url: `${wsUrl}/api/v1/ingest`, log, flushIntervalMs: 0, reconnectBaseMs: 10, reconnectMaxMs: 20 });
    servers.defer(() => producer.close());
    producer.send(sessionEvents(uniqueSessionId('refused'))('token_usage'));
    await waitFor(() => warnings.length > 0, 'the refusal warning');
    expect(producer.stats).toMatchObject({ connects: 0, acked: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings).toEqual(['the server requires an ingest token']);
  });

  it('`ingest --server --token` posts with the token; without one it fails and says how to give it', async () => {
    const { url } = await startWithTokens();
    const sessionId = uniqueSessionId('cli-auth');
    const e = sessionEvents(sessionId);
    const ndjson = `${JSON.stringify(e('token_usage'))}\n${JSON.stringify(e('done'))}\n`;
    const run = async (token?: string) => {
      let stderr = '';
      const code = await runIngestCommand(
        { format: 'events', server: url, token },
        { stdin: Readable.from([ndjson]), stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, httpOptions: { attempts: 1 } },
      );
      return { code, stderr };
    };
    const refused = await run();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('answered 401');
    expect(refused.stderr).toContain('--token or TETHER_TOKEN');
    expect(await run(ingestToken)).toMatchObject({ code: 0 });
    expect(await storedCount(url, sessionId)).toBe(2);
  });
});
