/**
 * Watches for a connection that has gone quiet without closing (a half-open TCP
 * connection never fires `close`): when the oldest unanswered frame waits longer
 * than `timeoutMs`, `onStalled` is called. Returns the function that stops it.
 */
export function startAckWatchdog(oldestSentAtMs: () => number | undefined, timeoutMs: number, onStalled: (waitedMs: number) => void): () => void {
  const timer = setInterval(() => {
    const sentAtMs = oldestSentAtMs();
    if (sentAtMs !== undefined && Date.now() - sentAtMs > timeoutMs) onStalled(Date.now() - sentAtMs);
  }, Math.max(50, Math.min(5_000, timeoutMs / 4)));
  // The watchdog alone must not keep a process alive.
  timer.unref();
  return () => clearInterval(timer);
}
