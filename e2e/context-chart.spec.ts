import { expect, test, type Locator, type Page } from '@playwright/test';
import { serverForSpec } from './support/spec-server';
import { ScriptedSession } from './support/scripted-session';

// The session page's context-window chart with the fewest samples it can have
// (one, then two), and with compaction markers at both ends of its time axis:
// every point is drawn, and every word stays whole inside the plot.

const server = serverForSpec();
// No summer time in Tokyo, so the zone name is fixed whenever this runs.
test.use({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });

async function openChart(page: Page, session: ScriptedSession): Promise<Locator> {
  await page.goto(`${server().url}/sessions/${session.sessionId}`);
  const chart = page.getByRole('img', { name: /^Context window over time/ });
  // The chart mounts when it scrolls into view.
  await page.getByRole('heading', { name: 'Context window' }).scrollIntoViewIfNeeded();
  await expect(chart.locator('svg.recharts-surface')).toBeVisible({ timeout: 20_000 });
  return chart;
}

/** The plot area in page pixels: recharts clips series to it (the clipPath rect, in the svg's own units). */
async function plotBox(chart: Locator) {
  return chart.locator('svg.recharts-surface').evaluate((svg: SVGSVGElement) => {
    const rect = svg.querySelector('defs clipPath rect')!;
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width || 1;
    const attr = (name: string) => Number(rect.getAttribute(name)) * scale;
    return { left: box.left + attr('x'), top: box.top + attr('y'), right: box.left + attr('x') + attr('width'), bottom: box.top + attr('y') + attr('height') };
  });
}

/** Every word drawn in the chart but the axis ticks (markers, a lone value, the budget) lies whole inside the plot. */
async function expectLabelsInsidePlot(chart: Locator, expected: readonly string[]) {
  const labels = chart.locator('svg.recharts-surface text:not(.recharts-cartesian-axis-tick-value)');
  // recharts layers reference lines and dots apart, so the DOM order is not the drawing order.
  await expect.poll(async () => (await labels.allTextContents()).sort()).toEqual([...expected].sort());
  const plot = await plotBox(chart);
  for (const label of await labels.all()) {
    const box = (await label.boundingBox())!;
    const name = await label.textContent();
    expect(box.x, `${name}: left edge`).toBeGreaterThanOrEqual(plot.left - 0.5);
    expect(box.x + box.width, `${name}: right edge`).toBeLessThanOrEqual(plot.right + 0.5);
    expect(box.y, `${name}: top edge`).toBeGreaterThanOrEqual(plot.top - 0.5);
    expect(box.y + box.height, `${name}: bottom edge`).toBeLessThanOrEqual(plot.bottom + 0.5);
  }
}

test('one sample is a dot with its value against the budget, its time in the zone', async ({ page }) => {
  const session = await ScriptedSession.open(server().wsUrl, 'ctx-one');
  const at = Date.now() - 60_000;
  session.emit('token_estimate', { ts: new Date(at).toISOString(), model: 'openai/gpt-5', request_tokens: 94_000, budget: 128_000 });
  await session.acked();

  const chart = await openChart(page, session);
  await expect(chart).toHaveAccessibleName(/1 estimate, the latest 94\.0k of 128k tokens/);
  const dot = chart.locator('.context-sample-dot circle');
  await expect(dot).toBeVisible();
  await expectLabelsInsidePlot(chart, ['budget 128k', '94.0k tokens']);
  // The budget is drawn as a line across the plot even with one sample (a zero-height box, so measured, not "visible").
  const budgetLine = await chart.locator('.context-budget-line--lone line').evaluate((line: SVGLineElement) => ({
    length: line.x2.baseVal.value - line.x1.baseVal.value,
    level: line.y1.baseVal.value === line.y2.baseVal.value,
    stroke: getComputedStyle(line).strokeDasharray,
  }));
  expect(budgetLine).toMatchObject({ level: true, stroke: '6px, 4px' });
  expect(budgetLine.length).toBeGreaterThan(100);

  // The lone sample sits mid-axis, and its tooltip names the zone.
  const plot = await plotBox(chart);
  const dotBox = (await dot.boundingBox())!;
  expect(Math.abs(dotBox.x + dotBox.width / 2 - (plot.left + plot.right) / 2)).toBeLessThan(2);
  await page.mouse.move(dotBox.x + dotBox.width / 2, dotBox.y + dotBox.height / 2);
  await expect(chart.locator('.chart-tooltip__label')).toHaveText(/^\d{2}:\d{2}:\d{2} GMT\+9$/);
  await expect(page.getByTestId('context-chart-zone')).toHaveText('times in GMT+9');
  await session.close();
});

test('two samples are a line; compaction labels at both ends of the axis stay inside the plot', async ({ page }) => {
  const session = await ScriptedSession.open(server().wsUrl, 'ctx-two');
  const first = Date.now() - 120_000;
  const last = first + 30_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  session
    .emit('token_estimate', { ts: iso(first), model: 'openai/gpt-5', request_tokens: 60_000, budget: 128_000 })
    // A compaction at the very first instant: its label used to run off the plot's left edge.
    .emit('compaction_completed', { ts: iso(first), trace_id: 'ctx-left', strategy: 'chunk_compress', before_tokens: 120_000, after_tokens: 60_000, kept_messages: 8 })
    .emit('token_estimate', { ts: iso(last), model: 'openai/gpt-5', request_tokens: 110_000, budget: 128_000 })
    .emit('compaction_failed', { ts: iso(last), trace_id: 'ctx-right', fell_back_to: 'truncate', reason: 'still over budget', after_tokens: 110_000, budget: 128_000 });
  await session.acked();

  const chart = await openChart(page, session);
  await expect(chart).toHaveAccessibleName(/2 estimates, the latest 110k of 128k tokens; 1 compaction/);
  // Two points: an area with both samples marked.
  await expect(chart.locator('.recharts-area-dot')).toHaveCount(2);
  await expect(chart.locator('.recharts-area-curve')).toHaveAttribute('d', /^M[\d.]+,[\d.]+/);
  await expectLabelsInsidePlot(chart, ['chunk_compress −50%', 'compaction failed']);

  // A narrow window squeezes the plot: the labels still stay inside.
  await page.setViewportSize({ width: 420, height: 900 });
  await expect(async () => expectLabelsInsidePlot(chart, ['chunk_compress −50%', 'compaction failed'])).toPass();
  await session.close();
});
