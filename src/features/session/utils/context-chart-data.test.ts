import { describe, expect, it } from 'vitest';
import { makeCompactionRecord } from '../../../test-support/fixtures';
import type { CompactionRecord } from '../../../protocol/api-schemas';
import { contextChartData } from './context-chart-data';

const marker = (kind: CompactionRecord['kind'], ts_ms: number, overrides: Partial<CompactionRecord> = {}): CompactionRecord =>
  makeCompactionRecord({ cursor: ts_ms, session_id: 's', seq: ts_ms, ts_ms, trace_id: 't', kind, ...overrides });

describe('contextChartData', () => {
  const samples = [
    { ts_ms: 2_000, model: 'm', request_tokens: 90_000, budget: 128_000 },
    { ts_ms: 1_000, model: 'm', request_tokens: 40_000, budget: 128_000 },
  ];

  it('orders the samples and adds the live estimate only when it is newer', () => {
    const newer = contextChartData({ samples, markers: [] }, { request_tokens: 100_000, budget: 128_000, ts_ms: 3_000 });
    expect(newer.points.map((p) => p.request_tokens)).toEqual([40_000, 90_000, 100_000]);
    const stale = contextChartData({ samples, markers: [] }, { request_tokens: 1, budget: 128_000, ts_ms: 2_000 });
    expect(stale.points).toHaveLength(2);
    // Before the series has loaded, the live estimate alone still draws.
    expect(contextChartData(undefined, { request_tokens: 5, budget: 10, ts_ms: 1 }).points).toEqual([{ ts_ms: 1, request_tokens: 5, budget: 10 }]);
  });

  it('turns compaction outcomes into labelled markers and skips starts', () => {
    const { markers } = contextChartData(
      {
        samples: [],
        markers: [
          marker('failed', 40, { after_tokens: 110_000 }),
          marker('started', 10),
          marker('completed', 20, { strategy: 'rlm', before_tokens: 150_000, after_tokens: 30_000 }),
          marker('truncated', 30, { dropped_tokens: 9_000 }),
        ],
      },
      null,
    );
    expect(markers).toEqual([
      { ts_ms: 20, kind: 'compacted', label: 'rlm −80%', tokens: 30_000, showLabel: true },
      { ts_ms: 30, kind: 'context-lost', label: 'context lost', tokens: null, showLabel: true },
      { ts_ms: 40, kind: 'failed', label: 'compaction failed', tokens: 110_000, showLabel: true },
    ]);
  });

  it('labels only the last of markers that crowd together', () => {
    const samples = [
      { ts_ms: 0, model: 'm', request_tokens: 1, budget: 2 },
      { ts_ms: 1_000, model: 'm', request_tokens: 1, budget: 2 },
    ];
    // 8 % of the 1,000 ms axis is 80 ms: 500 and 550 crowd, 100 stands apart.
    const { markers } = contextChartData(
      { samples, markers: [marker('completed', 100), marker('truncated', 500), marker('failed', 550)] },
      null,
    );
    expect(markers.map((m) => [m.ts_ms, m.showLabel])).toEqual([
      [100, true],
      [500, false],
      [550, true],
    ]);
  });
});
