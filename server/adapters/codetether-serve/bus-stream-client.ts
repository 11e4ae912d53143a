import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** The SSE route of `codetether serve` (src/server/mod.rs). */
export const BUS_STREAM_PATH = '/v1/bus/stream';

/** `http://127.0.0.1:4096` (a server's base) -> its bus stream; a URL that already names a path is used as it is. */
export function busStreamUrlOf(base: string): URL {
  const url = new URL(base);
  if (url.pathname === '/' || url.pathname === '') url.pathname = BUS_STREAM_PATH;
  return url;
}

/** The URL as it may be shown (health, logs): no user info, no query (a `?token=` would be a secret). */
export function displayUrlOf(url: URL): string {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  shown.search = '';
  return shown.toString();
}

/** A connection attempt that failed, with a message that says what to do. */
export class BusConnectError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'BusConnectError';
  }
}

/** What the network layer's error says, in words: refused, unknown host, reset... */
function networkProblemOf(err: unknown, shown: string): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  const host = new URL(shown).host;
  if (code === 'ECONNREFUSED') return `nothing listens at ${host} (ECONNREFUSED): is \`codetether serve\` running there?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host ${new URL(shown).hostname} not found (${code})`;
  const detail = typeof cause?.message === 'string' ? cause.message : (err as Error).message;
  return `could not reach ${shown}${code ? ` (${code})` : ''}: ${detail}`;
}

function statusProblemOf(status: number, shown: string, hasToken: boolean): string {
  if (status === 401) {
    return hasToken
      ? `codetether serve refused the token (401): CODETETHER_AUTH_TOKEN must be the token that \`codetether serve\` was started with`
      : `codetether serve asks for a token (401): set CODETETHER_AUTH_TOKEN to the token that \`codetether serve\` was started with`;
  }
  if (status === 403) return `codetether serve refused the token for the bus stream (403): it needs the agent:read permission`;
  if (status === 404) return `no bus stream at ${shown} (404): expected a codetether serve address such as http://127.0.0.1:4096`;
  return `${shown} answered ${status}`;
}

/**
 * Opens the bus stream: GET with `Accept: text/event-stream` and the bearer
 * token. Resolves once the server has answered 2xx with an event stream; any
 * other answer, or none, is a BusConnectError saying why.
 */
export async function openBusStream(url: URL, token: string | undefined, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const shown = displayUrlOf(url);
  const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, redirect: 'error' });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new BusConnectError(networkProblemOf(err, shown));
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new BusConnectError(statusProblemOf(response.status, shown, token !== undefined), response.status);
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('text/event-stream') || response.body === null) {
    await response.body?.cancel().catch(() => {});
    throw new BusConnectError(`${shown} answered ${contentType || 'no content type'}, not an event stream: is this a codetether serve address?`, response.status);
  }
  return response.body;
}

/** The SSE messages each chunk read completed, and how many comments (axum's keep-alive) came with them. */
export interface SseBatch {
  messages: EventSourceMessage[];
  comments: number;
}

/**
 * Reads an event stream chunk by chunk, parsing SSE with `eventsource-parser`,
 * and yields what each chunk completed: so a caller that awaits each batch before
 * the next read holds the stream back while it works (TCP back-pressure).
 * `maxBufferBytes` bounds one unfinished event; past it the stream is refused.
 */
export async function* readSseBatches(body: ReadableStream<Uint8Array>, maxBufferBytes: number): AsyncGenerator<SseBatch> {
  let batch: SseBatch = { messages: [], comments: 0 };
  let failure: Error | null = null;
  const parser = createParser({
    onEvent: (message) => batch.messages.push(message),
    onComment: () => batch.comments++,
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') failure = new Error(`an event on the bus stream is over ${maxBufferBytes} characters`);
    },
    maxBufferSize: maxBufferBytes,
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      if (failure) throw failure;
      // Every chunk, even one that completed nothing: it shows the connection is alive.
      const ready = batch;
      batch = { messages: [], comments: 0 };
      yield ready;
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}
