import type { ReactNode } from 'react';

export interface StatePanelProps {
  kind: 'loading' | 'empty' | 'error';
  title: string;
  children?: ReactNode;
  /** A way forward: retry, clear filters, go back. */
  action?: ReactNode;
}

/**
 * The designed stand-in for content that is not there: loading, nothing yet,
 * or failed. Loading and errors are announced (status / alert roles); an empty
 * state is just content.
 */
export function StatePanel({ kind, title, children, action }: StatePanelProps) {
  const role = kind === 'error' ? 'alert' : kind === 'loading' ? 'status' : undefined;
  return (
    <div className="state-panel" data-kind={kind} role={role}>
      {kind === 'loading' && <span className="spinner" aria-hidden="true" />}
      <p className="state-panel__title">{title}</p>
      {children && <div className="state-panel__body">{children}</div>}
      {action && <div className="state-panel__action">{action}</div>}
    </div>
  );
}
