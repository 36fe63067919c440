import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from './messages.ts';

/**
 * The line that says a table is wider than the screen: the staff's words by default; a page for
 * residents provides it in the resident's language.
 */
export const ScrollCueContext = createContext<string | null>(null);

interface Overflow {
  start: boolean;
  end: boolean;
}

/**
 * A table that may be wider than the screen scrolls sideways inside this frame, never the page.
 * When it does not fit, a line above it says so and a shade marks each side that has more to
 * see (the shade goes once the reader got there); the frame is focusable, so arrow keys scroll
 * it, and the line is its description for a screen reader. The table's caption stays in view
 * and wraps within the frame's visible width, so it is read without scrolling sideways.
 */
export function ScrollArea({ labelledBy, children }: { labelledBy: string; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  const cueId = useId();
  const [overflow, setOverflow] = useState<Overflow | null>(null);
  const cue = useContext(ScrollCueContext) ?? t('scrollArea.widerThanTheScreen');

  useEffect(() => {
    const scroller = ref.current;
    if (!scroller) return;
    const measure = () => {
      const max = scroller.scrollWidth - scroller.clientWidth;
      // scrollLeft runs negative right to left; its size is the distance from the start either way.
      const position = Math.abs(scroller.scrollLeft);
      setOverflow((previous) => {
        const next = max > 1 ? { start: position > 1, end: position < max - 1 } : null;
        return previous?.start === next?.start && previous?.end === next?.end ? previous : next;
      });
    };
    // The caption keeps to the visible part of the frame (styles.css): it wraps there and stays while the table scrolls.
    const fit = () => scroller.style.setProperty('--visible-inline-size', `${scroller.clientWidth}px`);
    const observer = new ResizeObserver(() => {
      fit();
      measure();
    });
    observer.observe(scroller);
    for (const child of scroller.children) observer.observe(child);
    scroller.addEventListener('scroll', measure, { passive: true });
    fit();
    measure();
    return () => {
      observer.disconnect();
      scroller.removeEventListener('scroll', measure);
    };
  }, []);

  return (
    <div class="scroll-area">
      {overflow && (
        <p id={cueId} class="scroll-cue">
          <span aria-hidden="true">⇆ </span>{cue}</p>
      )}
      <div class="scroll-frame" data-more-start={overflow?.start ? '' : undefined} data-more-end={overflow?.end ? '' : undefined}>
        <div ref={ref} class="table-scroll" role="region" aria-labelledby={labelledBy} aria-describedby={overflow ? cueId : undefined} tabIndex={0}>
          {children}
        </div>
      </div>
    </div>
  );
}
