/** Whether an element is on screen (IntersectionObserver), for lazy previews. */
import { useEffect, useState, type RefObject } from 'react';

/** True while any part of `ref`'s element is within `margin` of the viewport. */
export function useVisible(ref: RefObject<Element | null>, margin = '100px'): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)), { rootMargin: margin });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, margin]);
  return visible;
}
