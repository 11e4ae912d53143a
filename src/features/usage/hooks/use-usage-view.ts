import { useCallback, useMemo } from 'react';
import { sessionLabel, shortId, uniqueShortIds } from '../../../lib/format/format';
import { useNow } from '../../../lib/time/use-now';
import { tokenSources } from '../../../protocol/token-source';
import type { UsageRow } from '../../../protocol/cost-schemas';
import { useRecentSessions } from '../api/get-session-list';
import { useUsage } from '../api/get-usage';
import { bucketStarts, resolveRange } from '../../../lib/time/time-range';
import { sessionNamesOf } from '../utils/session-names';
import { NO_AGENT, NO_LABEL, rowKey } from '../utils/usage-keys';
import { hasFilters, type FilterKey, type UsageParams } from '../utils/usage-params';
import { groupQuery, usageViewQueries } from '../utils/usage-requests';
import { stackSeries } from '../utils/usage-series';
import { totalsTable } from '../utils/usage-totals';
import { useLiveUsageRefresh } from './use-live-usage-refresh';

/** A live range's clock: often enough to move into the next bucket promptly, rarely enough to be free. */
const CLOCK_TICK_MS = 10_000;

/**
 * Everything one view of the Cost page shows, from its URL state: the
 * resolved range, the four usage queries (chart, table, sessions behind a
 * narrowed view, filter choices), the few most recent sessions (live token
 * moves), and the figures derived from them. Sessions are named from the
 * usage rows grouped by session, which carry their titles.
 */
export function useUsageView(params: UsageParams) {
  const now = useNow(CLOCK_TICK_MS);
  const range = resolveRange(params, now);
  const narrowed = hasFilters(params.filters);

  const queries = usageViewQueries(params, range);
  const chart = useUsage(queries.chart);
  const table = useUsage(queries.table);
  const sessionRows = useUsage(queries.sessions ?? groupQuery(range, 'session', params.filters, params.includeDemo), { enabled: queries.sessions !== null });
  const choiceRows = useUsage(queries.choices);
  const recentSessions = useRecentSessions();
  useLiveUsageRefresh(recentSessions.data, range.live);

  const buckets = useMemo(() => bucketStarts(range.fromMs, range.toMs ?? now, range.bucketMs), [range.fromMs, range.toMs, range.bucketMs, now]);
  const series = useMemo(() => stackSeries(chart.data?.rows ?? [], params.stack, params.metric, buckets), [chart.data, params.stack, params.metric, buckets]);
  const totals = useMemo(() => totalsTable(table.data?.rows ?? [], params.group, params.metric, table.data?.total), [table.data, params.group, params.metric]);
  const bySession = params.group === 'session';
  const sessionsSource = bySession ? table : sessionRows;
  // Grouped by session, the table is the sessions' totals: summed once, not twice.
  const sessionTotals = useMemo(
    () => (bySession ? totals : totalsTable(sessionRows.data?.rows ?? [], 'session', params.metric, sessionRows.data?.total)),
    [bySession, totals, sessionRows.data, params.metric],
  );

  // Short ids long enough to tell apart every session the page can show (the table's and the filter's).
  const shortIds = useMemo(
    () => uniqueShortIds([...params.filters.session, ...sessionTotals.lines.map((line) => line.key)]),
    [params.filters.session, sessionTotals],
  );
  const readsSessionRows = queries.sessions !== null;
  const sessionTitles = useMemo(
    () => sessionNamesOf(bySession ? table.data?.rows : undefined, readsSessionRows ? sessionRows.data?.rows : undefined),
    [bySession, table.data, readsSessionRows, sessionRows.data],
  );
  /** "Title · a5123b24", or the short id alone: how the page names a session everywhere. */
  const sessionName = useCallback(
    (sessionId: string) => sessionLabel(sessionTitles.get(sessionId)?.title, shortIds.get(sessionId) ?? shortId(sessionId)),
    [sessionTitles, shortIds],
  );

  const choices = useMemo(() => {
    const rows = choiceRows.data?.rows ?? [];
    const distinct = (key: 'model' | 'agent') => [...new Set(rows.map((r) => rowKey(r, key)).filter((v) => v && v !== NO_AGENT))].sort();
    const sources = tokenSources.filter((s) => rows.some((r) => r.source === s));
    return {
      source: sources.map((value) => ({ value, label: value })),
      model: distinct('model').map((value) => ({ value, label: value })),
      agent: distinct('agent').map((value) => ({ value, label: value })),
      // Searched on the server by the session picker (components/filter-bar.tsx), over every session.
      session: [],
      // Labels only from the table grouped by label: a label read needs the raw rows, too costly for every view.
      label: labelChoices(params.group === 'label' ? (table.data?.rows ?? []) : []),
    } satisfies Record<FilterKey, { value: string; label: string }[]>;
  }, [choiceRows.data, params.group, table.data]);

  return { now, range, narrowed, chart, table, sessionsQuery: sessionsSource, series, totals, sessionTotals, sessionTitles, sessionName, choices };
}

export type UsageView = ReturnType<typeof useUsageView>;

function labelChoices(rows: readonly UsageRow[]): { value: string; label: string }[] {
  return [...new Set(rows.map((r) => rowKey(r, 'label')).filter((v) => v && v !== NO_LABEL))].sort().map((value) => ({ value, label: value }));
}
