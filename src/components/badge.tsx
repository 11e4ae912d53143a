import type { ReactNode } from 'react';

/** A small labelled pill; `tone` picks its colours from the theme. */
export function Badge({ tone, children, title }: { tone: string; children: ReactNode; title?: string }) {
  return (
    <span className="badge" data-tone={tone} title={title}>
      {children}
    </span>
  );
}
