import { describe, expect, it } from 'vitest';
import { acksOf } from '../ingest/ingest-pipeline';
import { toIngestItem } from '../ingest/ingest-item';
import type { SessionEvent } from '#protocol/event-schemas';
import { ackFitsFrame, parseIngestReply, settleFrame } from './ingest-reply';
import type { PendingEvent } from './pending-event';

// Session ids are data: `__proto__`, `constructor` and `toString` must be acknowledged
// like any other id, or a producer resends their events forever.
const hostileIds = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'ok'];

const eventOf = (sessionId: string, seq: number): SessionEvent => ({ session_id: sessionId, seq, ts: 1_000 + seq, type: 'done' });

describe('ingest acks for any session id', () => {
  it('the server names every session in its ack and the producer settles every event', () => {
    const events = hostileIds.flatMap((id) => [eventOf(id, 1), eventOf(id, 2)]);
    const acks = acksOf(events.map((e) => toIngestItem(e, true)));
    const wire = JSON.stringify({ kind: 'ack', acks, duplicates: 0, rejected: [] });
    for (const id of hostileIds) expect(wire).toContain(`"${id}":2`);

    const parsed = parseIngestReply(wire);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.reply.kind !== 'ack') throw new Error('expected an ack');
    const frame: PendingEvent[] = events.map((event, serial) => ({ serial, event, stored: true, writes: 1 }));
    expect(ackFitsFrame(parsed.reply, frame)).toBe(true);
    const settlement = settleFrame(parsed.reply, frame);
    expect(settlement.acked).toHaveLength(events.length);
    expect(settlement.uncovered).toEqual([]);
  });
});
