/**
 * The iterations distribution as a histogram with no holes: every count from
 * the smallest to the largest seen gets a bar, 0 where nothing ended there, so
 * the axis reads as a scale and not a list. Pure.
 */
export function iterationsHistogram(counts: readonly { iterations: number; count: number }[]): { iterations: number; count: number }[] {
  if (counts.length === 0) return [];
  const byIterations = new Map<number, number>();
  for (const { iterations, count } of counts) byIterations.set(iterations, (byIterations.get(iterations) ?? 0) + count);
  const seen = [...byIterations.keys()];
  const min = Math.min(...seen);
  const max = Math.max(...seen);
  // A wild outlier (thousands of iterations) must not make thousands of bars: then only what was seen.
  if (max - min > 200) return [...byIterations.entries()].sort(([a], [b]) => a - b).map(([iterations, count]) => ({ iterations, count }));
  const bars = [];
  for (let iterations = min; iterations <= max; iterations++) bars.push({ iterations, count: byIterations.get(iterations) ?? 0 });
  return bars;
}
