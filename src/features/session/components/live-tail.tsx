import { useLiveRetry, useLiveStep, useLiveThinking } from '../../../live/hooks/use-live-present';

/** The step being written now; the only part of the page that re-renders per text chunk. */
export function StreamingStep({ sessionId }: { sessionId: string }) {
  const step = useLiveStep(sessionId);
  if (!step || step.complete) return null;
  return (
    <article className="transcript__text transcript__text--streaming" aria-label="Reply being written" aria-busy="true">
      {step.text}
      <span className="caret" aria-hidden="true" />
    </article>
  );
}

export function ThinkingIndicator({ sessionId }: { sessionId: string }) {
  const thinking = useLiveThinking(sessionId);
  if (!thinking) return null;
  return (
    <p className="transcript__thinking" role="status">
      <span className="dots" aria-hidden="true" /> Thinking…
    </p>
  );
}

/** The model stream broke and is being restarted: 'Reconnecting… 2/3'. */
export function RetryBanner({ sessionId }: { sessionId: string }) {
  const retry = useLiveRetry(sessionId);
  if (!retry) return null;
  return (
    <p className="inline-warning transcript__retry" role="status">
      Reconnecting… {retry.attempt}/{retry.maxRestarts} <span className="muted">({retry.reason})</span>
    </p>
  );
}
