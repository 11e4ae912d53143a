import type { CommittedBatch } from '../ingest/ingest-pipeline';
import type { LiveHub } from './live-hub';

/** What `/health` reports about the bus. */
export type LiveBusStatus =
  | { kind: 'local'; connected: true }
  | { kind: 'nats'; connected: boolean; subject: string; delivered_head: number; gap_fills: number };

/** Carries committed batches from the ingest pipeline to the live hub(s). */
export interface LiveBus {
  committed(batch: CommittedBatch): void;
  status(): LiveBusStatus;
  close(): Promise<void>;
}

/** One server: batches go straight to this process's hub, exactly as before there was a bus. */
export class LocalLiveBus implements LiveBus {
  constructor(private readonly hub: LiveHub) {}

  committed(batch: CommittedBatch): void {
    this.hub.publish(batch);
  }

  status(): LiveBusStatus {
    return { kind: 'local', connected: true };
  }

  async close(): Promise<void> {}
}
