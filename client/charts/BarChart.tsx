import type { Cell } from '../../shared/api/results.ts';
import { barShare, largestPublished } from '../../shared/results/scale.ts';
import { withheldText } from '../../shared/results/summary.ts';
import { useResultWords } from './words.ts';
import './charts.css';

export interface Bar {
  key: string;
  label: string;
  cell: Cell;
  /** What stands at the bar's end instead of the bare count or "< 5": "34 · 41 %", "verdeckt". */
  text?: string;
}

/**
 * Horizontal bars in the order given (the table's), each as long as its published count against
 * the largest one, with the number written at its end. A withheld count gets no bar but a dashed,
 * hatched mark and "< 5", so it never reads as 0.
 *
 * Drawn for the eye only (`aria-hidden`): the table beside it carries the same numbers to
 * assistive technology, cell by cell with their headers. A bar's length is an SVG `width`
 * attribute, not a `style` attribute, which the CSP (`style-src 'self'`) does not allow.
 */
export function BarChart({ bars, threshold, wideValues = false }: { bars: Bar[]; threshold: number; wideValues?: boolean }) {
  const words = useResultWords();
  const largest = largestPublished(bars.map((bar) => bar.cell));
  return (
    // `wideValues` leaves room for a longer text after the longest bar.
    <div class={wideValues ? 'bars wide-values' : 'bars'} aria-hidden="true">
      {bars.map(({ key, label, cell, text }) => {
        const share = barShare(cell, largest);
        return (
          <div class="bar-row" key={key}>
            <span class="bar-label">{label}</span>
            <span class="bar-track">
              <span class="bar-area">
                {share === null ? (
                  <span class="bar-withheld" />
                ) : (
                  share > 0 && (
                    <svg class="bar" width={`${(share * 100).toFixed(2)}%`} focusable="false">
                      <rect width="100%" height="100%" />
                    </svg>
                  )
                )}
                <span class="bar-value">{text ?? (cell.suppressed ? withheldText(cell.reason, threshold, words) : String(cell.count))}</span>
              </span>
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** The one line under a chart's title that says what a hatched mark with "< 5" or "verdeckt" means. */
export function WithheldKey({ children }: { children: string }) {
  return (
    <p class="chart-key withheld-key">
      <span class="swatch withheld" aria-hidden="true" />
      <span>{children}</span>
    </p>
  );
}
