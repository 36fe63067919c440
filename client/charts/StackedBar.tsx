import type { Figure } from '../../shared/api/question-results.ts';
import { stackShades } from '../../shared/results/scale.ts';
import { percent } from '../../shared/results/summary.ts';
import { useResultWords } from './words.ts';
import './charts.css';

export interface Segment {
  key: string;
  /** What the segment is called in the key ("1 – sehr schlecht"). */
  label: string;
  /** What stands inside it (the step's number), so the order reads without colour. */
  mark: string;
  cell: Figure;
}

/** A segment at least this share of the bar is wide enough for its mark and share. */
const LABELLED_SHARE = 0.09;

/**
 * One bar of 100 %: the answers on a scale, lowest step at the start, each step a segment as
 * wide as its share of `base` (the answers on the scale, "keine Angabe" not among them), with its
 * step's number and share written inside when it fits, and shades from light to dark. Withheld
 * steps are drawn together as one hatched segment at the end: their sum follows from the
 * published numbers anyway, each one does not. A mark under the bar's middle points at the
 * middle answer (the median) when every step is published: it stands under the median's segment.
 *
 * For the eye only (`aria-hidden`); the table beside it carries the numbers. Widths are SVG
 * attributes and the shades `fill` attributes, not `style`, which the CSP does not allow.
 */
export function StackedBar({ segments, base, caption }: { segments: Segment[]; base: number; caption?: string }) {
  const words = useResultWords();
  const shades = stackShades(segments.length);
  const published = segments.reduce((sum, segment) => sum + (segment.cell.suppressed ? 0 : segment.cell.count), 0);
  const withheld = Math.max(0, base - published);
  const anyWithheld = segments.some((segment) => segment.cell.suppressed);
  return (
    <div class="stack" aria-hidden="true">
      {caption && <span class="stack-caption">{caption}</span>}
      <div class="stack-track">
        {segments.map((segment, index) => {
          if (segment.cell.suppressed || segment.cell.count === 0 || base === 0) return null;
          const share = segment.cell.count / base;
          const shade = shades[index]!;
          return (
            <svg key={segment.key} class={segment.mark.length > 1 ? 'stack-segment long-mark' : 'stack-segment'} data-step={segment.key} width={`${(share * 100).toFixed(3)}%`} focusable="false">
              <rect width="100%" height="100%" fill={shade.fill} />
              {share >= LABELLED_SHARE && (
                <text x="50%" text-anchor="middle" fill={shade.ink}>
                  <tspan class="stack-mark" x="50%" y="38%" dominant-baseline="central">
                    {segment.mark}
                  </tspan>
                  <tspan class="stack-share" x="50%" y="74%" dominant-baseline="central">
                    {percent(share, words)}
                  </tspan>
                </text>
              )}
            </svg>
          );
        })}
        {anyWithheld && withheld > 0 && base > 0 && <svg class="stack-segment stack-withheld" width={`${((withheld / base) * 100).toFixed(3)}%`} focusable="false" />}
      </div>
      {!anyWithheld && base > 0 && (
        <div class="stack-median-line">
          <span class="stack-median">{words.text('resMedian')}</span>
        </div>
      )}
    </div>
  );
}

/**
 * The key under a stacked bar: each step's shade with its number and label, and the hatched mark
 * if one is withheld. Given the bar's `base` (one bar to the key), each published step's share
 * stands after its label too: a segment too narrow for its share (a phone, large text) shows its
 * number alone.
 */
export function StackKey({ segments, threshold, base }: { segments: Segment[]; threshold: number; base?: number }) {
  const words = useResultWords();
  const shades = stackShades(segments.length);
  return (
    <ul class="stack-key" aria-hidden="true">
      {segments.map((segment, index) => (
        <li key={segment.key}>
          <svg class="swatch" focusable="false">
            <rect width="100%" height="100%" fill={shades[index]!.fill} />
            <text x="50%" y="50%" text-anchor="middle" dominant-baseline="central" fill={shades[index]!.ink}>
              {segment.mark}
            </text>
          </svg>
          <span>
            {segment.label}
            {base && !segment.cell.suppressed ? <> · <span class="stack-key-share">{percent(segment.cell.count / base, words)}</span></> : null}
          </span>
        </li>
      ))}
      {segments.some((segment) => segment.cell.suppressed) && (
        <li>
          <span class="swatch withheld" />
          <span>{words.text('resStepsWithheld', { threshold })}</span>
        </li>
      )}
    </ul>
  );
}
