import type { EventOf, KnownEventType } from '../../../protocol/event-schemas';
import type { LiveConfig } from '../live-config';
import type { SessionLive } from '../live-types';

/** How one event type moves a session's present state. Pure: returns a new object or the same one. */
export type EventReducer<T extends KnownEventType> = (session: SessionLive, event: EventOf<T>, config: LiveConfig) => SessionLive;
