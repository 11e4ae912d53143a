import { useEffect, useState } from 'react';
import { scheduleFrame } from './frame-scheduler';

/**
 * False until the browser has painted the component once (the frame after it
 * mounted), then true. For what may wait behind a page's first paint: heavy code
 * started during the first render (a chart's library, say) loaded, evaluated and
 * rendered in the tasks before the next frame, and the page that was ready stayed
 * blank meanwhile.
 */
export function useAfterPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame's callback runs before its paint; a task queued from it runs after.
    const cancelFrame = scheduleFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelFrame();
      clearTimeout(timer);
    };
  }, []);
  return painted;
}
