import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { UsageRow } from '../../../protocol/cost-schemas';
import type { UsageView } from '../hooks/use-usage-view';
import { defaultUsageParams } from '../utils/usage-params';
import { stackSeries } from '../utils/usage-series';
import { UsageChartSection } from './usage-chart-section';

// The chart's code (recharts, about 390 KB) is asked for only once the page has
// painted. Asked for during the page's first render, it often arrived, evaluated
// and rendered before the browser's next frame, and a cold Cost page whose table
// was already committed stayed unpainted for up to 200 ms longer.

const chartModule = vi.hoisted(() => ({ loaded: 0 }));
vi.mock('./usage-chart', () => {
  chartModule.loaded += 1;
  return { UsageChart: ({ description }: { description: string }) => <figure aria-label={description} /> };
});

const BUCKET_MS = 3_600_000;
const row: UsageRow = {
  bucket_start_ms: 0,
  source: 'root',
  prompt_tokens: 1_000,
  completion_tokens: 200,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  calls: 1,
  usage_report_calls: 0,
  reported_cost_usd: null,
  cost_usd: 0.01,
  unpriced_tokens: 0,
};

/** What the section reads of a view whose chart has data (the rest of a view is not its business). */
const view = {
  chart: { isPending: false, isError: false, data: { rows: [row] } },
  series: stackSeries([row], 'source', 'total', [0]),
  range: { bucketMs: BUCKET_MS },
  narrowed: false,
} as unknown as UsageView;

describe('UsageChartSection', () => {
  it("asks for the chart's code only after the frame that paints the page", async () => {
    render(
      <UsageChartSection
        view={view}
        params={defaultUsageParams}
        format={String}
        colourIndex={() => 0}
        labelOf={(key) => key}
        onSelect={() => undefined}
        onClearFilters={() => undefined}
      />,
    );
    // The render and its effects are done, the frame has not come yet: the placeholder, and no chart code.
    await act(async () => undefined);
    expect(chartModule.loaded).toBe(0);
    expect(screen.getByText('Loading usage…')).toBeTruthy();
    // The legend does not wait: it is the page's own markup.
    expect(screen.getByRole('list', { name: 'Chart legend: sources' })).toBeTruthy();

    expect(await screen.findByRole('figure', { name: /^Total tokens over time, stacked by source: root 1200$/ })).toBeTruthy();
    expect(chartModule.loaded).toBe(1);
  });
});
