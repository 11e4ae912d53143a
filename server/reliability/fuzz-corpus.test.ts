import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonlFile } from '../ingest/files/jsonl-file-reader';
import { openProducer, startTestServer } from '../test-support/test-server';

// Replays the corpus of nasty inputs (server/ingest/fuzz-corpus/) on every run, through
// every transport, against the outcome recorded per line in expected.json.
// After a deliberate change of behaviour: CORPUS_UPDATE=1 npx vitest run server/reliability/fuzz-corpus.test.ts,
// then read the diff of expected.json line by line.

const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../ingest/fuzz-corpus');
const expectedPath = path.join(corpusDir, 'expected.json');
const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.ndjson')).sort();
/** The corpus server's event limit: the huge.ndjson lines straddle it. */
const maxEventBytes = 64 * 1024;

interface NdjsonOutcome {
  status: number;
  accepted: number;
  duplicates: number;
  unknown_types: number;
  rejected: { line: number; error: string }[];
}

let server: Awaited<ReturnType<typeof startTestServer>>;
const outcomes: Record<string, NdjsonOutcome> = {};

beforeAll(async () => {
  server = await startTestServer({ config: { maxEventBytes } });
});
afterAll(async () => {
  if (process.env.CORPUS_UPDATE === '1') fs.writeFileSync(expectedPath, `${JSON.stringify(outcomes, null, 2)}\n`);
  await server.server.close();
});

const expected = (): Record<string, NdjsonOutcome> => (fs.existsSync(expectedPath) ? (JSON.parse(fs.readFileSync(expectedPath, 'utf8')) as Record<string, NdjsonOutcome>) : {});

/**
 * The parser's own words after "malformed JSON: " are V8's and change between
 * Node versions (22 adds "(line 1 column 2)"): the corpus pins that the line is
 * refused as malformed JSON, not the engine's phrasing.
 */
const engineFree = (r: { line: number; error: string }) =>
  r.error.startsWith('malformed JSON: ') ? { ...r, error: 'malformed JSON: <the parser message>' } : r;

const isUtf8 = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe.each(files)('fuzz corpus: %s', (file) => {
  const bytes = fs.readFileSync(path.join(corpusDir, file));

  it('POST /api/v1/events answers each line as recorded', async () => {
    const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: bytes });
    const body = (await res.json()) as Omit<NdjsonOutcome, 'status'>;
    const outcome = { status: res.status, accepted: body.accepted, duplicates: body.duplicates, unknown_types: body.unknown_types, rejected: body.rejected.map(engineFree) };
    outcomes[file] = outcome;
    if (process.env.CORPUS_UPDATE !== '1') expect(outcome).toEqual(expected()[file]);
    for (const r of outcome.rejected) expect(r.error.length).toBeGreaterThan(10);
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  });

  it('a JSONL file of the same bytes refuses the same lines', async () => {
    const target = path.join(server.dir, file.replace(/\.ndjson$/, '.jsonl'));
    fs.writeFileSync(target, bytes);
    const refused: number[] = [];
    for await (const chunk of readJsonlFile(target, { maxLineBytes: maxEventBytes })) {
      for (const line of chunk.lines) if (line.kind === 'rejected') refused.push(line.lineNumber);
    }
    expect(refused).toEqual(expected()[file]!.rejected.map((r) => r.line));
  });

  it('each line as a WebSocket frame is refused exactly when the POST refused it', async () => {
    const producer = await openProducer(server.wsUrl);
    try {
      const refusedLines = new Set(expected()[file]!.rejected.map((r) => r.line));
      const lines = bytes.toString('latin1').split('\n').map((l) => Buffer.from(l, 'latin1'));
      for (const [i, raw] of lines.entries()) {
        const line = raw.at(-1) === 0x0d ? raw.subarray(0, -1) : raw;
        // A WebSocket text frame must be UTF-8: the socket would be closed with 1007 (tested below), so those lines are skipped here.
        if (line.toString().trim() === '' || !isUtf8(line)) continue;
        // A frame that is a JSON array is a batch, not one value. A leading byte-order mark is dropped from a frame as from a body's first line.
        if (line.toString().trimStart().startsWith('[')) continue;
        const reply = await producer.send(line.toString());
        const refused = reply.kind === 'error' || (reply.rejected as unknown[]).length > 0;
        expect({ line: i + 1, refused }).toEqual({ line: i + 1, refused: refusedLines.has(i + 1) });
      }
    } finally {
      producer.socket.close();
    }
  });
});

describe('fuzz corpus: WebSocket framing', () => {
  it('a text frame that is not UTF-8 closes that socket with 1007 and nothing else', async () => {
    const producer = await openProducer(server.wsUrl);
    const closed = new Promise<number>((resolve) => producer.socket.once('close', (code) => resolve(code)));
    // ws refuses to send invalid UTF-8 as text from its API, so the frame is written by hand: FIN + text opcode, masked.
    const payload = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    (producer.socket as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
    expect(await closed).toBe(1007);
    const again = await openProducer(server.wsUrl);
    expect(await again.send('[]')).toMatchObject({ kind: 'ack' });
    again.socket.close();
  });
});
