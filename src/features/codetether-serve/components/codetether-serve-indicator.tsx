import { useCodetetherServeHealth } from '../api/get-codetether-serve-health';
import { describeCodetetherServe } from '../utils/codetether-serve-view';

/**
 * The server's connection to `codetether serve` (`--codetether-serve`), beside
 * the live socket's indicator and in its style: nothing when the server follows
 * none. The state word is a status live region; the URL, the last error with its
 * time and the events lost to lag are in the tooltip and read to screen readers.
 */
export function CodetetherServeIndicator() {
  const { data: health } = useCodetetherServeHealth();
  if (!health) return null;
  const view = describeCodetetherServe(health);
  const notes = [`Following ${health.url}`, ...view.notes];
  return (
    <div className="connection connection--source" data-state={view.state} title={notes.join('\n')}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__source">codetether serve</span>
      <output className="connection__label">{view.label}</output>
      {view.detail && <span className="connection__detail">{view.detail}</span>}
      {view.notes.length > 0 && <span className="connection__warning" aria-hidden="true">⚠</span>}
      <span className="visually-hidden">{notes.join('. ')}</span>
    </div>
  );
}
