import type { ComponentChildren } from 'preact';
import type { ChoiceResult, Figure, NumberResult, QuestionResult, RankingResult, ScaleResult, Statistic } from '../../shared/api/question-results.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../shared/domain.ts';
import { binLabel } from '../../shared/results/labels.ts';
import { byPoints, decimal, percent, percentBase, sampleText, summarize, withheldReasons, withheldStatisticText, withheldText, type CountedUnit, type ResultWordKey, type ResultWords } from '../../shared/results/summary.ts';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { BarChart, type Bar } from './BarChart.tsx';
import { StackedBar, StackKey, type Segment } from './StackedBar.tsx';
import { useGermanName, useResultWords } from './words.ts';
import './charts.css';

const TYPE_LABELS: Record<QuestionResult['type'], ResultWordKey> = {
  single: 'resTypeSingle',
  multi: 'resTypeMulti',
  stadtteil: 'resTypeStadtteil',
  scale: 'resTypeScale',
  ranking: 'resTypeRanking',
  number: 'resTypeNumber',
};

/** Everything a figure needs from the page: the threshold and the names of the fields of action. */
export interface FigureContext {
  threshold: number;
  fieldLabel: (key: string) => string;
}

/** A count as it stands in a table (class `count`): the number, or its withheld text, described by the note that gives the reason. */
export function FigureCell({ figure, threshold, idPrefix, share }: { figure: Figure; threshold: number; idPrefix: string; share?: number | null }) {
  const words = useResultWords();
  if (figure.suppressed) {
    return (
      <td class="num suppressed" aria-describedby={`${idPrefix}-${figure.reason}`}>
        {withheldText(figure.reason, threshold, words)}
      </td>
    );
  }
  return (
    <td class="num count">
      <span>
        {figure.count}
        {share !== undefined && share !== null && <span class="share"> ({percent(share, words)})</span>}
      </span>
    </td>
  );
}

/** A question's table: its caption, column headers, a row per answer and the sums under them; `className` for a table laid out its own way. */
function QuestionTable({ id, title, headers, children, foot, className = 'counts' }: { id: string; title: string; headers: string[]; children: ComponentChildren; foot: ComponentChildren; className?: string }) {
  const words = useResultWords();
  return (
    <ScrollArea labelledBy={`${id}-caption`}>
      <table class={className}>
        <caption id={`${id}-caption`}>{words.text('resTable', { title })}</caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th scope="col" key={header}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        <tfoot>{foot}</tfoot>
      </table>
    </ScrollArea>
  );
}

/** The rows under a question's table: who answered, who left it out, who was asked. */
function SumRows({ result, threshold, idPrefix }: { result: QuestionResult; threshold: number; idPrefix: string }) {
  const words = useResultWords();
  const rows = [
    [words.text('resAnswered'), result.answered],
    [words.text('resLeftOut'), result.leftOut],
    [words.text('resShown'), result.shown],
  ] as const;
  return (
    <>
      {rows.map(([label, figure]) => (
        <tr key={label}>
          <th scope="row">{label}</th>
          <FigureCell figure={figure} threshold={threshold} idPrefix={idPrefix} />
        </tr>
      ))}
    </>
  );
}

/** A statistic (median, mean place, points) as it stands in a table: withheld, "verdeckt" or "verdeckt (unter 5 Antworten)". */
export function StatisticCell({ statistic, threshold, idPrefix, format = String }: { statistic: Statistic; threshold: number; idPrefix: string; format?: (n: number) => string }) {
  const words = useResultWords();
  if (statistic.suppressed) {
    return (
      <td class="num suppressed" aria-describedby={`${idPrefix}-${statistic.reason}`}>
        {withheldStatisticText(statistic.reason, threshold, words)}
      </td>
    );
  }
  return <td class="num">{format(statistic.value)}</td>;
}

/** The reasons for the withheld figures of one table, each with an id its cells point to; nothing when none is withheld. */
export function WithheldNotes({ idPrefix, figures, threshold, unit = 'people' }: { idPrefix: string; figures: Array<Figure | Statistic>; threshold: number; unit?: CountedUnit }) {
  const words = useResultWords();
  const reasons = new Set(figures.flatMap((figure) => (figure.suppressed ? [figure.reason] : [])));
  if (reasons.size === 0) return null;
  const text = withheldReasons(threshold, unit, words);
  return (
    <ul class="withheld-notes hint">
      {(['below_threshold', 'secondary'] as const)
        .filter((reason) => reasons.has(reason))
        .map((reason) => (
          <li key={reason} id={`${idPrefix}-${reason}`}>
            {text[reason]}
          </li>
        ))}
    </ul>
  );
}

const figureText = (figure: Figure, threshold: number, base: number | null, words: ResultWords) =>
  figure.suppressed ? withheldText(figure.reason, threshold, words) : base ? `${figure.count} · ${percent(figure.count / base, words)}` : String(figure.count);


/**
 * One closed question: its title, what kind of question it is, its n, a one-sentence summary,
 * the chart for the eye and the table with the same numbers for everyone (beside it on a wide
 * screen, below it on a phone). The figure is named by the title and described by the summary.
 */
export function QuestionFigure({ result, context }: { result: QuestionResult; context: FigureContext }) {
  const words = useResultWords();
  const id = `q-${result.key}`;
  const meta = [words.text(TYPE_LABELS[result.type]), result.fieldOfAction ? context.fieldLabel(result.fieldOfAction) : null, sampleText(result, context.threshold, words)]
    .filter(Boolean)
    .join(' · ');
  return (
    <figure class="chart-figure question-figure" id={id} aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption>
        <h3 id={`${id}-title`}>{result.title}</h3>
        <p class="question-meta">{meta}</p>
        <p class="question-summary" id={`${id}-summary`}>
          {summarize(result, words)}
        </p>
      </figcaption>
      {result.type === 'scale' ? (
        <ScaleBody result={result} id={id} threshold={context.threshold} />
      ) : result.type === 'ranking' ? (
        <RankingBody result={result} id={id} threshold={context.threshold} />
      ) : result.type === 'number' ? (
        <NumberBody result={result} id={id} threshold={context.threshold} />
      ) : (
        <ChoiceBody result={result} id={id} threshold={context.threshold} />
      )}
    </figure>
  );
}

/** The chart and its table side by side on a wide screen, or (`below`, for a wide table) the table under the chart. */
function Body({ chart, table, notes, below = false }: { chart: ComponentChildren; table: ComponentChildren; notes: ComponentChildren; below?: boolean }) {
  return (
    <>
      <div class={below ? 'chart-with-table table-below' : 'chart-with-table'}>
        <div>{chart}</div>
        {table}
      </div>
      {notes}
    </>
  );
}

function ChoiceBody({ result, id, threshold }: { result: ChoiceResult; id: string; threshold: number }) {
  const words = useResultWords();
  const germanName = useGermanName();
  // The Stadtteil question's answers are the Stadtteile's names; „außerhalb“ and „unbekannt“ are words of the page's language.
  const isName = (key: string) => result.type === 'stadtteil' && key !== PLACE_OUTSIDE && key !== PLACE_UNKNOWN;
  const base = percentBase(result);
  const bars: Bar[] = result.options.map((option) => ({ key: option.key, label: option.label, cell: option.count, text: figureText(option.count, threshold, base, words) }));
  const shareOf = (figure: Figure) => (base && !figure.suppressed ? figure.count / base : null);
  const figures = [...result.options.map((option) => option.count), result.shown, result.answered, result.leftOut];
  return (
    <Body
      chart={
        <>
          <BarChart bars={bars} threshold={threshold} wideValues />
          {result.type === 'multi' && <p class="hint question-aside">{words.text('resMultiHint')}</p>}
        </>
      }
      table={
        <QuestionTable
          id={id}
          title={result.title}
          headers={[words.text('resAnswer'), words.text('resPeopleShare')]}
          foot={<SumRows result={result} threshold={threshold} idPrefix={id} />}
        >
          {result.options.map((option) => (
            <tr key={option.key}>
              <th scope="row" {...(isName(option.key) ? germanName : {})}>
                {option.label}
              </th>
              <FigureCell figure={option.count} threshold={threshold} idPrefix={id} share={shareOf(option.count)} />
            </tr>
          ))}
        </QuestionTable>
      }
      notes={<WithheldNotes idPrefix={id} figures={figures} threshold={threshold} />}
    />
  );
}

/** A number question's statistics, in the order a box plot reads them. */
const NUMBER_STATISTICS = [
  ['min', 'resStatMin'],
  ['q1', 'resStatQ1'],
  ['median', 'resMedian'],
  ['q3', 'resStatQ3'],
  ['max', 'resStatMax'],
  ['mean', 'resStatMean'],
] as const satisfies ReadonlyArray<readonly [keyof NumberResult, ResultWordKey]>;

function NumberBody({ result, id, threshold }: { result: NumberResult; id: string; threshold: number }) {
  const words = useResultWords();
  const base = percentBase(result);
  const shareOf = (figure: Figure) => (base && !figure.suppressed ? figure.count / base : null);
  const bars: Bar[] = result.bins.map((bin) => ({ key: String(bin.from), label: binLabel(bin), cell: bin.count, text: figureText(bin.count, threshold, base, words) }));
  const figures = [...result.bins.map((bin) => bin.count), result.shown, result.answered, result.leftOut, ...NUMBER_STATISTICS.map(([key]) => result[key])];
  const numberText = (n: number) => (Number.isInteger(n) ? String(n) : decimal(n, words));
  return (
    <Body
      chart={
        <>
          <BarChart bars={bars} threshold={threshold} wideValues />
          <p class="hint question-aside">{words.text('resNumberHint')}</p>
        </>
      }
      table={
        <QuestionTable
          id={id}
          title={result.title}
          headers={[words.text('resRange'), words.text('resPeopleShare')]}
          foot={
            <>
              {NUMBER_STATISTICS.map(([key, label]) => (
                <tr key={key}>
                  <th scope="row">{words.text(label)}</th>
                  <StatisticCell statistic={result[key]} threshold={threshold} idPrefix={id} format={numberText} />
                </tr>
              ))}
              <SumRows result={result} threshold={threshold} idPrefix={id} />
            </>
          }
        >
          {result.bins.map((bin, index) => (
            <tr key={bin.from}>
              <th scope="row">{bars[index]!.label}</th>
              <FigureCell figure={bin.count} threshold={threshold} idPrefix={id} share={shareOf(bin.count)} />
            </tr>
          ))}
        </QuestionTable>
      }
      notes={<WithheldNotes idPrefix={id} figures={figures} threshold={threshold} />}
    />
  );
}

/** A scale's steps as segments: the number inside, "1 – sehr schlecht" in the key. */
export function scaleSegments(result: Pick<ScaleResult, 'min' | 'max' | 'minLabel' | 'maxLabel'>, counts: Figure[]): Segment[] {
  return counts.map((cell, index) => {
    const step = result.min + index;
    const named = step === result.min ? ` – ${result.minLabel}` : step === result.max ? ` – ${result.maxLabel}` : '';
    return { key: String(step), mark: String(step), label: `${step}${named}`, cell };
  });
}

function ScaleBody({ result, id, threshold }: { result: ScaleResult; id: string; threshold: number }) {
  const words = useResultWords();
  const base = percentBase(result);
  const segments = scaleSegments(result, result.steps.map((step) => step.count));
  const shareOf = (figure: Figure) => (base && !figure.suppressed ? figure.count / base : null);
  const figures = [...result.steps.map((step) => step.count), result.shown, result.answered, result.leftOut, result.median, ...(result.noAnswer ? [result.noAnswer] : [])];
  return (
    <Body
      chart={
        base ? (
          <>
            <StackedBar segments={segments} base={base} />
            <StackKey segments={segments} threshold={threshold} base={base} />
            {result.noAnswer && (
              <p class="hint question-aside">
                {words.text('resNoAnswerHint', { n: result.noAnswer.suppressed ? withheldText(result.noAnswer.reason, threshold, words) : result.noAnswer.count })}
              </p>
            )}
          </>
        ) : (
          // Without the number of step answers no share can be drawn; the counts can.
          <>
            <BarChart bars={segments.map((segment) => ({ ...segment, text: figureText(segment.cell, threshold, null, words) }))} threshold={threshold} />
            <p class="hint question-aside">{words.text('resNoShares')}</p>
          </>
        )
      }
      table={
        <QuestionTable
          id={id}
          title={result.title}
          headers={[words.text('resStep'), words.text('resPeopleShare')]}
          foot={
            <>
              <tr>
                <th scope="row">{words.text('resMedian')}</th>
                <StatisticCell statistic={result.median} threshold={threshold} idPrefix={id} format={(n) => (Number.isInteger(n) ? String(n) : decimal(n, words))} />
              </tr>
              <SumRows result={result} threshold={threshold} idPrefix={id} />
            </>
          }
        >
          {segments.map((segment) => (
            <tr key={segment.key}>
              <th scope="row">{segment.label}</th>
              <FigureCell figure={segment.cell} threshold={threshold} idPrefix={id} share={shareOf(segment.cell)} />
            </tr>
          ))}
          {result.noAnswer && (
            <tr class="separated">
              <th scope="row">{words.text('resNoAnswer')}</th>
              <FigureCell figure={result.noAnswer} threshold={threshold} idPrefix={id} />
            </tr>
          )}
        </QuestionTable>
      }
      notes={<WithheldNotes idPrefix={id} figures={figures} threshold={threshold} />}
    />
  );
}

function RankingBody({ result, id, threshold }: { result: RankingResult; id: string; threshold: number }) {
  const words = useResultWords();
  const options = byPoints(result);
  const points: Bar[] = options.map((option) => ({
    key: option.key,
    label: option.label,
    cell: option.points.suppressed ? { count: null, suppressed: true } : { count: option.points.value, suppressed: false },
    // Beside a bar only „verdeckt“: the longer reason would leave a phone's screen at large text; the table below gives it.
    text: option.points.suppressed ? words.text('resSecondary') : words.plural('resPointsN', option.points.value),
  }));
  const figures = options.flatMap((option) => [option.points, option.meanRank, option.first, option.placed]);
  return (
    <Body
      below
      chart={
        <>
          <BarChart bars={points} threshold={threshold} wideValues />
          <p class="hint question-aside">{words.plural('resRankingHint', result.places, { places: result.places })}</p>
        </>
      }
      table={
        // Five columns: where they do not fit (a phone), each answer stands above its four numbers (charts.css).
        <div class="ranking-table">
        <QuestionTable
          id={id}
          title={result.title}
          className="counts ranking-counts"
          headers={(['resAnswer', 'resPoints', 'resMeanRank', 'resFirstPlace', 'resPlaced'] as const).map((key) => words.text(key))}
          foot={
            <tr>
              <th scope="row">{words.text('resAnswered')}</th>
              <td />
              <td />
              <FigureCell figure={result.answered} threshold={threshold} idPrefix={id} />
              <td />
            </tr>
          }
        >
          {options.map((option) => (
            <tr key={option.key}>
              <th scope="row">{option.label}</th>
              <StatisticCell statistic={option.points} threshold={threshold} idPrefix={id} />
              <StatisticCell statistic={option.meanRank} threshold={threshold} idPrefix={id} format={(n) => decimal(n, words)} />
              <FigureCell figure={option.first} threshold={threshold} idPrefix={id} />
              <FigureCell figure={option.placed} threshold={threshold} idPrefix={id} />
            </tr>
          ))}
        </QuestionTable>
        </div>
      }
      notes={<WithheldNotes idPrefix={id} figures={[...figures, result.answered]} threshold={threshold} />}
    />
  );
}
