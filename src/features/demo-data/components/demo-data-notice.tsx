import { useState } from 'react';
import { describeError } from '../../../lib/api/api-error';
import type { DemoDataRemovalReply } from '../../../protocol/demo-data-schemas';
import { useDemoData } from '../api/get-demo-data';
import { useRemoveDemoData } from '../api/remove-demo-data';
import { confirmText, resultText } from '../utils/demo-data-text';

/**
 * Shown while demo sessions are stored: they are kept apart (badged, left out of
 * costs and alerts), and one button removes them. Removing asks first, shows its
 * progress, then says what went.
 */
export function DemoDataNotice() {
  const status = useDemoData();
  const remove = useRemoveDemoData();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<DemoDataRemovalReply | null>(null);

  if (result !== null) {
    return (
      <div className="demo-notice" role="status">
        <p>{resultText(result)}</p>
        <button type="button" className="button button--quiet" onClick={() => setResult(null)}>
          Dismiss
        </button>
      </div>
    );
  }
  if (!status.data || status.data.sessions === 0) return null;

  const onRemove = () =>
    remove.mutate(undefined, {
      onSuccess: (reply) => {
        setConfirming(false);
        setResult(reply);
      },
    });
  return (
    <section className="demo-notice" aria-label="Demo data">
      <p>
        Demo sessions are mixed in with real ones: they are marked <strong>Demo</strong> and left out of costs and alerts.
      </p>
      {!confirming ? (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Remove demo data
        </button>
      ) : (
        <div className="demo-notice__confirm" role="group" aria-label="Confirm removing demo data">
          <p>{confirmText(status.data)}</p>
          <button type="button" className="button" disabled={remove.isPending} onClick={onRemove}>
            {remove.isPending ? 'Removing…' : 'Remove'}
          </button>
          <button type="button" className="button button--quiet" disabled={remove.isPending} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {remove.isError && (
        <p className="inline-warning" role="alert">
          Demo data could not be removed: {describeError(remove.error)}
        </p>
      )}
    </section>
  );
}
