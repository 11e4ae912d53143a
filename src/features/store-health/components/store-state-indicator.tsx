import { useStoreState } from '../api/get-store-state';
import { describeStoreState } from '../utils/store-state-view';

/**
 * The server's store when it refuses events (its SQLite file deleted or replaced:
 * issue 13), beside the live socket's indicator and in its style; nothing while it
 * takes them. The state is an alert; the server's reason is in the tooltip and read
 * to screen readers.
 */
export function StoreStateIndicator() {
  const { data: state } = useStoreState();
  const view = describeStoreState(state ?? null);
  if (view === null) return null;
  return (
    <div className="connection connection--source" data-state="offline" title={view.detail}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label" role="alert">
        {view.label}
      </span>
      <span className="visually-hidden">{view.detail}</span>
    </div>
  );
}
