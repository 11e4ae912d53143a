import { describe, expect, it } from 'vitest';
import { sessionEvents } from '../test-support/event-factory';
import { applyEventSizeLimit, formatBytes, lineTooLarge, type IngestLimits } from './ingest-limits';
import { toIngestItem } from './ingest-item';

const limits: IngestLimits = { maxBodyBytes: 1 << 20, maxBodyBytesInFlight: 4 << 20, maxEventBytes: 1024, maxBatchEvents: 10, eventsPerSecond: 0, maxEventDepth: 128, sendBufferBytes: 1 << 20, requestTimeoutMs: 60_000 };

describe('ingest limits', () => {
  it('refuses oversize events at their index in the frame, keeping their neighbours and earlier refusals', () => {
    const e = sessionEvents('s');
    const small = toIngestItem(e('done'), true);
    const big = toIngestItem(e('text_complete', { text: 'é'.repeat(600) }), true);
    const alsoSmall = toIngestItem(e('done'), true);
    // Frame: [bad JSON shape (0), small (1), big (2), bad (3), alsoSmall (4)].
    const out = applyEventSizeLimit([small, big, alsoSmall], [{ index: 0, error: 'x' }, { index: 3, error: 'y' }], limits);
    expect(out.items).toEqual([small, alsoSmall]);
    expect(out.rejected.map((r) => r.index)).toEqual([0, 2, 3]);
    expect(out.rejected[1]!.error).toMatch(/^event is 1\.\d KiB of JSON, over the maxEventBytes limit of 1 KiB \(TETHER_MAX_EVENT_BYTES\)$/);
  });

  it('counts a line in UTF-8 bytes, not characters', () => {
    expect(lineTooLarge('a'.repeat(1024), limits)).toBeNull();
    expect(lineTooLarge('é'.repeat(600), limits)).toBe(1200);
  });

  it('formats sizes the way the messages quote them', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(16 << 20)]).toEqual(['512 bytes', '1.5 KiB', '16 MiB']);
  });
});
