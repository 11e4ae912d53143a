/** Cancels a scheduled callback. */
export type CancelFrame = () => void;
export type FrameScheduler = (callback: () => void) => CancelFrame;

/** While the tab is hidden the browser pauses animation frames; work still has to land, just less often. */
const HIDDEN_DELAY_MS = 250;
/** A frame requested just before the tab was hidden would wait for the tab to come back: this timer wins instead. */
const FRAME_FALLBACK_MS = 500;

/**
 * Runs `callback` once, at the next animation frame when the page is visible,
 * else on a timer. Whichever of frame and fallback timer fires first runs it;
 * the other is cancelled.
 */
export const scheduleFrame: FrameScheduler = (callback) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    callback();
  };
  const hidden = typeof document === 'undefined' || document.visibilityState === 'hidden';
  const canAnimate = typeof requestAnimationFrame === 'function' && !hidden;
  const frame = canAnimate ? requestAnimationFrame(run) : null;
  const timer = setTimeout(run, canAnimate ? FRAME_FALLBACK_MS : HIDDEN_DELAY_MS);
  function cancel() {
    if (frame !== null) cancelAnimationFrame(frame);
    clearTimeout(timer);
  }
  return () => {
    done = true;
    cancel();
  };
};
