import { describe, expect, it } from 'vitest';
import { DEMO_PRODUCER } from '#protocol/demo-producer';
import { demoSessionsOf, excludesDemo } from './demo-sessions';
import { makeItem } from '../test-support/store-test-events';

const T0 = Date.UTC(2026, 10, 24, 13);
const item = (sessionId: string, seq: number, producer?: string) => makeItem('text_complete', sessionId, seq, T0, producer === undefined ? {} : { producer });

describe('demo sessions of a batch', () => {
  it('follows the first producer a session names, as its summary does', () => {
    const committed = new Map<string, string | null>([['old-demo', DEMO_PRODUCER], ['old-real', null], ['old-otlp', 'otlp']]);
    const batch = demoSessionsOf(
      [
        item('new-demo', 1, DEMO_PRODUCER),
        item('new-late', 1),
        item('new-late', 2, DEMO_PRODUCER),
        item('new-other', 1, 'codetether'),
        item('new-other', 2, DEMO_PRODUCER),
        item('old-demo', 9),
        item('old-real', 9, DEMO_PRODUCER),
        item('old-otlp', 9, DEMO_PRODUCER),
      ],
      (sessionId) => committed.get(sessionId),
    );
    expect([...batch.demo].sort()).toEqual(['new-demo', 'new-late', 'old-demo', 'old-real']);
    // Already marked before this batch: not marked again.
    expect(batch.newlyMarked.sort()).toEqual(['new-demo', 'new-late', 'old-real']);
  });

  it('finds none in a batch without the demo', () => {
    expect(demoSessionsOf([item('a', 1), item('b', 1, 'otlp')], () => undefined)).toEqual({ demo: new Set(), newlyMarked: [] });
  });

  it('leaves demo sessions out of reads unless asked for, or named', () => {
    expect(excludesDemo({})).toBe(true);
    expect(excludesDemo({ include_demo: false })).toBe(true);
    expect(excludesDemo({ include_demo: true })).toBe(false);
    expect(excludesDemo({ session: ['demo-1'] })).toBe(false);
  });
});
