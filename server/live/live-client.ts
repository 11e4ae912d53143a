import type { WebSocket } from 'ws';
import type { LiveEvent, LiveServerMessage } from '#protocol/live-messages';

export interface BackpressureLimits {
  /** Above this many unsent bytes, ephemeral events are dropped (and a `lagged` notice follows). */
  softBytes: number;
  /** Above this, stored events stop too and the client is resynced from its cursor once it drains. */
  hardBytes: number;
  /** A client stuck above `softBytes` this long is disconnected. */
  stallTimeoutMs: number;
  /** Stored events buffered for a client while it replays; past this it replays again instead. */
  replayBufferEvents: number;
}

export const defaultBackpressure: BackpressureLimits = {
  softBytes: 1 << 20,
  hardBytes: 8 << 20,
  stallTimeoutMs: 60_000,
  replayBufferEvents: 10_000,
};

export type ClientPhase =
  /** Reading stored events after its cursor; live stored events wait in `pending`. */
  | 'replaying'
  | 'live'
  /** Fell behind past the hard limit; waits for its socket to drain, then replays. */
  | 'stalled';

/** One browser on `/api/v1/live`: its filter, its cursor and its backpressure state. */
export class LiveClient {
  phase: ClientPhase = 'replaying';
  /** The highest stored cursor this client has been sent. */
  cursor = 0;
  pending: LiveEvent[] = [];
  pendingOverflowed = false;
  droppedEphemeral = 0;
  stalledSinceMs: number | null = null;
  /** Bumped on every (re)subscription so an outdated replay loop stops. */
  generation = 0;

  constructor(
    readonly id: number,
    readonly socket: WebSocket,
    public sessions: ReadonlySet<string> | null,
  ) {}

  follows(sessionId: string): boolean {
    return this.sessions === null || this.sessions.has(sessionId);
  }

  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(message: LiveServerMessage): void {
    this.sendRaw(JSON.stringify(message));
  }

  sendRaw(text: string): void {
    if (this.isOpen) this.socket.send(text);
  }

  /** A text message already encoded once for many clients (a shared replay slice). */
  sendShared(utf8: Buffer): void {
    if (this.isOpen) this.socket.send(utf8, { binary: false });
  }
}
