import type { Logger } from 'pino';
import type { EventStore } from '../store/event-store';
import { LocalLiveBus, type LiveBus } from './live-bus';
import type { LiveHub } from './live-hub';
import { NatsLiveBus } from './nats-live-bus';

/** The bus `natsUrl` selects: NATS when set (several replicas share one store), else this process only. */
export async function createLiveBus(
  options: { natsUrl?: string; natsSubject: string },
  deps: { store: EventStore; hub: LiveHub; log: Logger },
): Promise<LiveBus> {
  if (!options.natsUrl) return new LocalLiveBus(deps.hub);
  // Replicas order each other's batches by the cursors of one shared store; with a
  // SQLite file each replica would have its own cursors and the chain would mean nothing.
  if (deps.store.kind === 'sqlite') throw new Error('NATS_URL needs DATABASE_URL: the replicas must share one PostgreSQL store');
  return NatsLiveBus.start({ url: options.natsUrl, subject: options.natsSubject, ...deps });
}
