import type { EventOf, KnownEventType, SessionEvent } from '../../src/protocol/event-schemas';
import { sampleEvents } from '../../src/protocol/sample-events';
import { ProducerClient } from '../../server/producer/producer-client';

/**
 * A producer that plays a known sequence for one session over the real ingest
 * WebSocket, so a spec can assert exactly what the page must show.
 */
export class ScriptedSession {
  readonly sessionId: string;
  private seq = 0;
  private readonly producer: ProducerClient;

  private constructor(producer: ProducerClient, label: string) {
    this.sessionId = `e2e-${label}-${Math.random().toString(36).slice(2, 10)}`;
    this.producer = producer;
  }

  /** Connected before it returns: a producer drops ephemeral events while it has no connection. `token`: an ingest token. */
  static async open(wsBaseUrl: string, label: string, token?: string): Promise<ScriptedSession> {
    const producer = new ProducerClient({ url: `${wsBaseUrl}/api/v1/ingest`, token, flushIntervalMs: 1 });
    await producer.whenConnected();
    return new ScriptedSession(producer, label);
  }

  /** Queues one event of `type` (sample payload plus overrides) with the next seq. */
  emit<T extends KnownEventType>(type: T, overrides: Partial<EventOf<T>> = {}): this {
    this.seq += 1;
    const event = { ...sampleEvents[type], session_id: this.sessionId, seq: this.seq, ts: new Date().toISOString(), ...overrides } as SessionEvent;
    this.producer.send(event);
    return this;
  }

  /** Resolves once the server has acknowledged everything emitted so far. */
  async acked(): Promise<void> {
    await this.producer.whenAcked(10_000);
  }

  async close(): Promise<void> {
    await this.producer.close();
  }
}
