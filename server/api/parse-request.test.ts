import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TetherServer } from '../app';
import { resolveConfig } from '../config';

// Issue 16: every 400 from a bad query logged FST_ERR_REP_ALREADY_SENT (the
// route sent the 400, then returned null and Fastify tried to send again).

let server: TetherServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('a bad query string', () => {
  it('is answered once with 400 naming the parameter, and nothing is logged as sent twice', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-parse-'));
    const config = resolveConfig({ port: 0, host: '127.0.0.1', db: path.join(dir, 'test.db'), demo: false, staticDir: path.join(dir, 'no-spa') }, {});
    server = await startServer(config, pino({ level: 'info' }, sink));

    for (const query of ['/api/v1/sessions?limit=many', '/api/v1/usage?bucket=soon', '/api/v1/token-usage?whatever=1']) {
      const res = await fetch(`${server.url}${query}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; issues: { parameter: string; message: string }[] };
      expect(body.error).toBe('invalid query parameters');
      expect(body.issues[0]!.parameter).toMatch(/^(limit|bucket|whatever)$/);
    }
    // Fastify logs the double send after the reply has gone out: give it the turn it needs.
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((line) => /ALREADY_SENT|already sent/i.test(line))).toEqual([]);
  });
});
