import { describe, expect, it } from 'vitest';
import { describeStoreState } from './store-state-view';

describe('describeStoreState', () => {
  it('shows nothing while the store takes events, or before it is known', () => {
    expect(describeStoreState(null)).toBeNull();
    expect(describeStoreState({ writable: true, problem: null })).toBeNull();
  });

  it("says the store refuses events, with the server's reason", () => {
    const problem = 'the database file /data/tether.db was deleted while the server was running: ...';
    expect(describeStoreState({ writable: false, problem })).toEqual({ label: 'Store refusing events', detail: problem });
    expect(describeStoreState({ writable: false, problem: null })?.detail).toMatch(/cannot store events/);
  });
});
