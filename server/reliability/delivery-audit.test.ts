import { describe, expect, it } from 'vitest';
import { auditDelivery, deliveryKey } from './delivery-audit';

const keys = (...pairs: [string, number][]) => new Set(pairs.map(([s, q]) => deliveryKey(s, q)));

describe('auditDelivery', () => {
  it('passes a clean run', () => {
    const rows = [
      { session_id: 'a', seq: 1, cursor: 1 },
      { session_id: 'b', seq: 1, cursor: 2 },
      { session_id: 'a', seq: 3, cursor: 3 },
    ];
    expect(auditDelivery({ sent: keys(['a', 1], ['b', 1], ['a', 3]), acked: keys(['a', 1]), rows })).toEqual({
      stored: 3,
      lost: 0,
      undelivered: 0,
      duplicates: 0,
      outOfOrder: 0,
      examples: [],
    });
  });

  it('counts lost acknowledged events, undelivered ones, duplicates and seq going backwards', () => {
    const rows = [
      { session_id: 'a', seq: 2, cursor: 1 },
      { session_id: 'a', seq: 1, cursor: 2 },
      { session_id: 'a', seq: 2, cursor: 3 },
    ];
    const audit = auditDelivery({ sent: keys(['a', 1], ['a', 2], ['a', 3], ['a', 4]), acked: keys(['a', 1], ['a', 3]), rows });
    expect(audit).toMatchObject({ stored: 3, lost: 1, undelivered: 1, duplicates: 1, outOfOrder: 2 });
    expect(audit.examples).toContain('acknowledged a#3 is missing');
    expect(audit.examples).toContain('duplicate a#2 at cursor 3');
  });
});
