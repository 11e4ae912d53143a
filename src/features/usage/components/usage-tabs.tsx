import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { usageTabs, type UsageTab } from '../utils/usage-params';

export interface UsageTabsProps {
  tab: UsageTab;
  labels: Record<UsageTab, string>;
  onChange: (tab: UsageTab) => void;
  children: ReactNode;
}

/** ARIA tabs: one tab stop, arrow keys move between tabs; the panel holds the chosen tab's content. */
export function UsageTabs({ tab, labels, onChange, children }: UsageTabsProps) {
  const id = useId();
  const refs = useRef<Partial<Record<UsageTab, HTMLButtonElement | null>>>({});
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = usageTabs[(usageTabs.indexOf(tab) + step + usageTabs.length) % usageTabs.length]!;
    onChange(next);
    refs.current[next]?.focus();
  };
  return (
    <div className="usage-tabs">
      <div role="tablist" aria-label="Breakdown" className="usage-tabs__list">
        {usageTabs.map((name) => (
          <button
            key={name}
            ref={(el) => {
              refs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-${name}`}
            aria-selected={tab === name}
            aria-controls={`${id}-panel`}
            tabIndex={tab === name ? 0 : -1}
            className="usage-tabs__tab"
            onClick={() => onChange(name)}
            onKeyDown={onKeyDown}
          >
            {labels[name]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${tab}`} className="usage-tabs__panel">
        {children}
      </div>
    </div>
  );
}
