import { useId, type ReactNode } from 'react';
import { describeError } from '../lib/api/api-error';
import { RetryButton } from './retry-button';
import { StatePanel } from './state-panel';

/** The parts of a query result a card needs to pick its state. */
export interface CardQueryState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

export interface AnalyticsCardProps {
  title: string;
  query: CardQueryState;
  /** True when the loaded data has nothing to show. */
  empty: boolean;
  emptyText: string;
  /** Export links, a total... shown beside the title. */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

/**
 * A titled section of an analytics page that owns its loading, error and empty
 * states, so one failing endpoint leaves the rest of the page working.
 */
export function AnalyticsCard({ title, query, empty, emptyText, actions, className, children }: AnalyticsCardProps) {
  const headingId = useId();
  let body: ReactNode;
  if (query.isPending) body = <StatePanel kind="loading" title={`Loading ${title.toLowerCase()}…`} />;
  else if (query.isError && empty)
    body = (
      <StatePanel kind="error" title={`${title} could not be loaded`} action={<RetryButton onRetry={() => void query.refetch()} />}>
        {describeError(query.error)}
      </StatePanel>
    );
  else if (empty) body = <StatePanel kind="empty" title={emptyText} />;
  else body = children;
  return (
    <section className={className ? `analytics-card ${className}` : 'analytics-card'} aria-labelledby={headingId}>
      <header className="analytics-card__head">
        <h2 id={headingId}>{title}</h2>
        {actions && <div className="analytics-card__actions">{actions}</div>}
      </header>
      {query.isError && !empty && (
        <p className="inline-warning" role="alert">
          Showing earlier data: {describeError(query.error)} <RetryButton quiet onRetry={() => void query.refetch()} />
        </p>
      )}
      {body}
    </section>
  );
}
