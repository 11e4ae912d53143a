import { Badge } from '../../../components/badge';
import { eventClassOf, type EventClass } from '../../../protocol/event-class';

const explanations: Record<EventClass, string> = {
  durable: 'Durable: persisted before acknowledged, never dropped; cost figures are built from these',
  history: 'History: stored so a reloaded session still shows its transcript',
  ephemeral: 'Ephemeral: live only, may be dropped under load',
};

export function EventClassBadge({ type }: { type: string }) {
  const eventClass = eventClassOf(type);
  return (
    <Badge tone={eventClass} title={explanations[eventClass]}>
      {eventClass}
    </Badge>
  );
}
