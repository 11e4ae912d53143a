import type { ReactNode } from 'react';
import type { AnalyticsView } from '../lib/url-state/use-analytics-params';
import { SessionFilter } from './session-filter';
import { TimeRangePicker } from './time-range-picker';

export interface AnalyticsPageShellProps {
  title: string;
  /** For the heading's id: `rlm` gives `rlm-heading`. */
  slug: string;
  view: AnalyticsView;
  children: ReactNode;
}

/** An analytics page's frame: document title, heading, and the time range and session filter it is read through. */
export function AnalyticsPageShell({ title, slug, view, children }: AnalyticsPageShellProps) {
  const { params, setParams, range, nowMs } = view;
  return (
    <section className="page analytics-page" aria-labelledby={`${slug}-heading`}>
      <title>{`${title} · Tether Watch`}</title>
      <header className="page__header">
        <h1 id={`${slug}-heading`}>{title}</h1>
      </header>
      <div className="range-bar">
        {/* Keyed by the URL's values, so their fields follow back / forward navigation. */}
        <TimeRangePicker
          key={`${params.fromMs}|${params.toMs}`}
          value={params}
          onChange={(next) => setParams({ ...params, ...next })}
          shownFromMs={range.fromMs}
          nowMs={nowMs}
        />
        <SessionFilter key={params.session} session={params.session} onChange={(session) => setParams({ ...params, session })} />
      </div>
      {children}
    </section>
  );
}
