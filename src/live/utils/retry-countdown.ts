/**
 * Whole seconds until the next reconnect attempt, as the indicator counts them.
 * `now` comes from a shared one-second clock, so it can be up to a second old
 * when a retry is scheduled; counting from it alone read "retry in 6 s" for a
 * 5 s wait. The count never exceeds the wait the client chose.
 */
export function retrySecondsLeft(retryAt: number, delayMs: number | null, now: number): number {
  const left = Math.max(0, Math.ceil((retryAt - now) / 1000));
  return delayMs === null ? left : Math.min(left, Math.ceil(delayMs / 1000));
}
