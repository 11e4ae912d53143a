import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvents } from '#protocol/sample-events';
import { startTestServer } from '../test-support/test-server';

// Issue 13, item 4: with no tokens (the loopback default) a page on any site
// wrote events, because POST /events took text/plain, which a browser sends
// cross-site without a preflight. Only the NDJSON types are read now.

let url: string;
let close: () => Promise<void>;
beforeAll(async () => {
  const started = await startTestServer();
  url = started.url;
  close = () => started.server.close();
});
afterAll(() => close());

const eventLine = (sessionId: string) => JSON.stringify({ ...sampleEvents.token_usage, session_id: sessionId, prompt_tokens: 50_000_000 });

async function post(url: string, contentType: string | undefined, body: string) {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
  // fetch adds text/plain to a string body without a type; a Blob without a type sends none.
  const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers, body: contentType === undefined ? new Blob([body]) : body });
  return { status: res.status, body: (await res.json()) as { error?: string; accepted?: number; retryable?: boolean } };
}

describe('POST /events content types', () => {
  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['JSON', 'application/json'],
    ['none', undefined],
  ])('refuses %s with 415 naming the accepted types, and stores nothing', async (_name, contentType) => {
    const session = `cross-site-${Math.random().toString(36).slice(2, 10)}`;
    const reply = await post(url, contentType, eventLine(session));
    expect(reply.status).toBe(415);
    expect(reply.body.error).toContain('application/x-ndjson or application/jsonl');
    expect(reply.body.retryable).toBe(false);
    expect((await fetch(`${url}/api/v1/sessions/${session}`)).status).toBe(404);
  });

  it.each(['application/x-ndjson', 'application/x-ndjson; charset=utf-8', 'application/jsonl', 'Application/X-NDJSON'])('reads %s', async (contentType) => {
    const reply = await post(url, contentType, eventLine(`ndjson-${Math.random().toString(36).slice(2, 10)}`));
    expect(reply).toMatchObject({ status: 200, body: { accepted: 1 } });
  });
});
