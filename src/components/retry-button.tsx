/** The one way to say "try that again" after a failed load, so every error state offers it alike. */
export function RetryButton({ onRetry, busy = false, quiet = false }: { onRetry: () => void; busy?: boolean; quiet?: boolean }) {
  return (
    <button type="button" className={quiet ? 'button button--quiet' : 'button'} onClick={onRetry} disabled={busy}>
      {busy ? 'Retrying…' : 'Try again'}
    </button>
  );
}
