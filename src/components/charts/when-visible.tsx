import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Renders `children` once its box first comes near the viewport, `placeholder`
 * until then: a chart below the fold costs nothing (not even its code, when the
 * child is lazy) until someone scrolls to it. Stays mounted afterwards.
 */
export function WhenVisible({ children, placeholder, minHeight, rootMargin = '200px' }: { children: ReactNode; placeholder?: ReactNode; minHeight: number; rootMargin?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // Without IntersectionObserver (old browsers, tests) there is nothing to wait for.
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setSeen(true);
          observer.disconnect();
        }
      },
      { rootMargin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [seen, rootMargin]);
  return (
    <div ref={ref} style={seen ? undefined : { minHeight }}>
      {seen ? children : placeholder}
    </div>
  );
}
