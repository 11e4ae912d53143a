import type { WebSocket } from 'ws';
import { describeLimit, formatBytes } from './ingest-limits';

/** Close code for a producer closed for not reading: 1008, policy violation (RFC 6455 7.4.1). */
export const unreadRepliesCloseCode = 1008;

/** After a close frame that cannot be written (the producer reads nothing), the socket is destroyed this much later. */
const closeGraceMs = 1000;

/**
 * The replies of one producer WebSocket, with their memory bounded.
 *
 * Each frame gets a reply; a producer that never reads them would make the
 * server queue every one in the socket's write buffer, without limit. Past
 * `maxUnsentBytes` queued, the server stops reading that socket (its frames
 * wait in the kernel, and the producer's own sends block), and reads again
 * once half has drained. Still stalled after `stallCloseMs` (the server's
 * requestTimeoutMs: nothing a producer sends or is sent may hang longer), the
 * socket is closed with 1008 and a reason naming the limit.
 */
export class ProducerReplies {
  private stallTimer: NodeJS.Timeout | null = null;
  /** Every reply so far has been handed to the socket (or dropped because it closed). */
  private settled: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: WebSocket,
    private readonly maxUnsentBytes: number,
    private readonly stallCloseMs: number,
  ) {
    socket.once('close', () => this.clearStall());
  }

  /** Queues a reply behind the earlier ones: replies go out in frame order, whenever each is ready. */
  enqueue(reply: Promise<unknown>): void {
    this.settled = this.settled.then(async () => {
      let message: unknown;
      try {
        message = await reply;
      } catch (err) {
        // One failed answer must not silence the ones after it.
        message = { kind: 'error', error: `frame could not be answered: ${(err as Error).message}`, retryable: true };
      }
      this.send(message);
    });
  }

  /** Resolves once every reply enqueued so far has been sent (or could not be). */
  whenSent(): Promise<void> {
    return this.settled;
  }

  private send(message: unknown): void {
    const { socket } = this;
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(message), () => this.maybeResume());
    if (!socket.isPaused && socket.bufferedAmount > this.maxUnsentBytes) {
      socket.pause();
      this.stallTimer = setTimeout(() => this.closeStalled(), this.stallCloseMs);
    }
  }

  private maybeResume(): void {
    const { socket } = this;
    if (!socket.isPaused || socket.readyState !== socket.OPEN || socket.bufferedAmount > this.maxUnsentBytes / 2) return;
    this.clearStall();
    socket.resume();
  }

  private closeStalled(): void {
    const { socket } = this;
    this.stallTimer = null;
    const limit = describeLimit('ingestSendBufferBytes', formatBytes(this.maxUnsentBytes));
    socket.close(unreadRepliesCloseCode, `replies unread for ${this.stallCloseMs / 1000} s past ${limit}`.slice(0, 123));
    // The close frame queues behind the unread replies; the producer will not read it either.
    setTimeout(() => socket.terminate(), closeGraceMs).unref();
  }

  private clearStall(): void {
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }
}
