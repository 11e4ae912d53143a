import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveStatus, type OperatorStatus } from '../../src/protocol/session-status';
import { defaultLiveConfig } from '../../src/features/live/live-config';
import { applySessionEvents } from '../../src/features/live/reducers/apply-session-events';
import { emptySessionLive } from '../../src/features/live/reducers/session-live';
import { statusFactsOf } from '../../src/features/live/utils/status-facts';
import type { IngestItem } from './event-store';
import { emptySummary, foldEventInto } from './session-summary';
import { makeItem } from '../test-support/store-test-events';
import { sessionScript } from '../test-support/status-scripts';

// The same events, two derivations: the browser's live reducers (what a tab that
// watched the session shows) and the server's summary fold (what the fleet list
// filters and counts by, and what a tab that did not watch shows). They must
// name the same operator status, or a filter would list a row whose badge says
// otherwise.

const SID = 'agree-1';
const T0 = 1_700_000_000_000;
const second = 1_000;
const minute = 60_000;

const arrivals = sessionScript(SID, T0);

/** How long after the newest event the status is read: at once, inside the stall, stalled, near and past abandoned. */
const silence = fc.constantFrom(0, 5 * second, 31 * second, 29 * minute, 31 * minute);

function browserStatus(items: readonly IngestItem[], nowMs: number): OperatorStatus {
  let live = emptySessionLive(SID);
  for (const item of items) live = applySessionEvents(live, [{ cursor: null, event: item.event }], defaultLiveConfig);
  return deriveStatus({ summary: null, live: statusFactsOf(live), nowMs });
}

function serverStatus(items: readonly IngestItem[], nowMs: number): OperatorStatus {
  const summary = emptySummary(SID, items[0]!.tsMs);
  for (const item of items) foldEventInto(summary, item);
  return deriveStatus({ summary, live: null, nowMs });
}

const lastTsOf = (items: readonly IngestItem[]) => Math.max(...items.map((item) => item.tsMs));

describe('server summary fold and browser live reducers', () => {
  it('name the same operator status for the same events', () => {
    fc.assert(
      fc.property(arrivals, silence, (items, quietMs) => {
        const nowMs = lastTsOf(items) + quietMs;
        const browser = browserStatus(items, nowMs);
        const server = serverStatus(items, nowMs);
        expect(server.kind).toBe(browser.kind);
        // The approval wait is timed from the same request on both sides.
        if (browser.kind === 'awaiting_approval' && server.kind === 'awaiting_approval') expect(server.waitingMs).toBe(browser.waitingMs);
      }),
      { numRuns: 3000 },
    );
  });

  it('agree on the scripted cases that once told them apart', () => {
    const at = (seq: number) => T0 + seq * second;
    const cases: [string, IngestItem[], OperatorStatus['kind']][] = [
      // The browser's `ended` holds until a new turn: a straggler after done is not one.
      ['heartbeat after done', [makeItem('tool_call_start', SID, 1, at(1)), makeItem('done', SID, 2, at(2)), makeItem('tool_heartbeat', SID, 3, at(3))], 'done'],
      ['text after error', [makeItem('error', SID, 1, at(1)), makeItem('text_chunk', SID, 2, at(2))], 'streaming'],
      // A file sync while the agent waits is a record: the wait goes on.
      ['sync during approval', [makeItem('approval_request', SID, 1, at(1)), makeItem('session_sync', SID, 2, at(2))], 'awaiting_approval'],
      // The output of the call the approval was for: it went ahead, so it was granted.
      ['approved by output', [makeItem('approval_request', SID, 1, at(1)), makeItem('tool_output_chunk', SID, 2, at(2))], 'running_tool'],
      // A completion without an id closes the oldest call of that tool, whatever the last event type says.
      ['two calls, one done', [makeItem('tool_call_start', SID, 1, at(1)), makeItem('tool_call_start', SID, 2, at(2), { tool_call_id: 'c2' }), makeItem('tool_call_complete', SID, 3, at(3))], 'running_tool'],
      ['rlm under a token count', [makeItem('rlm_progress', SID, 1, at(1)), makeItem('token_usage', SID, 2, at(2))], 'rlm'],
    ];
    for (const [name, items, kind] of cases) {
      const nowMs = lastTsOf(items);
      expect({ name, browser: browserStatus(items, nowMs).kind, server: serverStatus(items, nowMs).kind }).toEqual({ name, browser: kind, server: kind });
    }
  });
});
