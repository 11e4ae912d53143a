import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { waitFor } from '../test-support/test-server';

// The start-up rule and the in-process demo, as users run the CLI.
let running: ServerProcess[] = [];
afterEach(async () => {
  for (const p of running) await p.stop();
  running = [];
});

const ingestToken = 'ingest-token-0123456789abcdef';
const readToken = 'read-token-0123456789abcdef';
// The tests' own environment must not decide the outcome.
const noTokens = { TETHER_INGEST_TOKENS: '', TETHER_READ_TOKENS: '', TETHER_TOKENS_FILE: '', TETHER_HOST: '' };

describe('serve with tokens', () => {
  it('refuses to bind a non-loopback address without tokens, saying how to set them', async () => {
    const failed = await startServerProcess({ args: ['--host', '0.0.0.0'], env: noTokens }).then(
      (p) => {
        running.push(p);
        return null;
      },
      (err: Error) => err.message,
    );
    expect(failed).toMatch(/exited with 2/);
    expect(failed).toContain('--host 0.0.0.0 is not a loopback address, so the server needs tokens');
    expect(failed).toContain('TETHER_INGEST_TOKENS and TETHER_READ_TOKENS');
  });

  it('binds a non-loopback address with both scopes, and its demo gets in with the ingest token', async () => {
    const server = await startServerProcess({ args: ['--host', '0.0.0.0'], demo: true, env: { ...noTokens, TETHER_INGEST_TOKENS: ingestToken, TETHER_READ_TOKENS: readToken } });
    running.push(server);
    const sessions = async () => {
      const res = await fetch(`${server.url}/api/v1/sessions`, { headers: { authorization: `Bearer ${readToken}` } });
      return ((await res.json()) as { total: number }).total;
    };
    await waitFor(async () => (await sessions()) > 0, 'demo sessions', 15_000);
    expect((await fetch(`${server.url}/api/v1/sessions`)).status).toBe(401);
  });
});
