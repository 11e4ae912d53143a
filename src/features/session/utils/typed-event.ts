import type { KnownSessionEvent } from '../../../protocol/event-schemas';
import { parseEvent } from '../../../protocol/parse-event';
import type { TimelineEvent } from './timeline-rows';

/** Parsed once per event object: views rebuild every frame, events do not change. */
const cache = new WeakMap<TimelineEvent, KnownSessionEvent | null>();

/** The event as its protocol variant, or null when the type is unknown or the payload breaks the contract. */
export function knownEvent(raw: TimelineEvent): KnownSessionEvent | null {
  let typed = cache.get(raw);
  if (typed === undefined) {
    const parsed = parseEvent(raw);
    typed = parsed.ok && parsed.known ? (parsed.event as KnownSessionEvent) : null;
    cache.set(raw, typed);
  }
  return typed;
}
