import type { Crosstab as CrosstabResult, Figure, QuestionResult, QuestionResults } from '../../shared/api/question-results.ts';
import { crosstabBases, crosstabShares, decimal, isScaleStep, percent } from '../../shared/results/summary.ts';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import { FigureCell, scaleSegments, StatisticCell, WithheldNotes, type FigureContext } from '../charts/QuestionFigure.tsx';
import { filterQuery, RefusedFilter } from './QuestionSections.tsx';
import { useResultsFilters } from './ResultsFilters.tsx';
import { StackedBar, StackKey, type Segment } from '../charts/StackedBar.tsx';
import { useUrlState } from './url-state.ts';
import { dimensionValueLabel } from '../ui/labels.ts';
import { t } from './messages.ts';

const DIMENSIONS = () => ([
  { value: 'district', label: t('crosstab.district') },
  { value: 'stadtteil', label: t('crosstab.stadtteil') },
  { value: 'channel', label: t('crosstab.channel') },
  { value: 'language', label: t('crosstab.languageOfTheResponse') },
] as const);

const count = (figure: Figure) => (figure.suppressed ? null : figure.count);

/**
 * One closed question broken down by a statistical district, Stadtteil, channel, language or a
 * demographic question ("how do people who came in the last five years rate the language
 * courses?"): a table of respondents per answer and column with each column's shares, the
 * medians for a scale, and for a scale a stacked bar per column. The choice is in the address.
 * The demographic questions come as `breakdowns`: under a chosen field of action the questions
 * are that field's, and a working group still asks how the 18–29-year-olds answered them.
 */
export function Crosstab({ slug, questions: all, breakdowns, context }: { slug: string; questions: QuestionResult[]; breakdowns: QuestionResults['breakdowns']; context: FigureContext }) {
  // A number question's figures are its own distribution in bins; it has no rows or columns to cross.
  const questions = all.filter((q) => q.type !== 'number');
  const { set: setFilters, respondents } = useResultsFilters();
  const { values, set } = useUrlState(['xq', 'xby'] as const);
  const question = values.xq || (questions.find((q) => q.type === 'scale' && !q.sensitive) ?? questions[0])?.key || '';
  const by = values.xby || 'district';
  const key = 'GET /api/processes/:slug/results/crosstab';
  // No field: the question is the cross-tab's scope, and its query refuses one (a field chosen above broke it with a 400).
  const result = useApi(key, question ? { params: { slug }, query: filterQuery(key, null, respondents, { question, by }) } : null);
  const reset = () => setFilters({ district: '', stadtteil: '', channel: '', language: '', band: '' });

  return (
    <section aria-labelledby="crosstab-title" aria-busy={result.loading}>
      <h2 id="crosstab-title">{t('crosstab.crossTable')}</h2>
      <p class="hint">{t('crosstab.oneQuestionBrokenDown')}</p>
      <div class="crosstab-pickers">
        <div class="field">
          <label for="crosstab-question">{t('crosstab.question')}</label>
          <select id="crosstab-question" value={question} onChange={(e) => set({ xq: e.currentTarget.value })}>
            {questions.map((q) => (
              <option key={q.key} value={q.key}>
                {q.title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="crosstab-by">{t('crosstab.brokenDownBy')}</label>
          <select id="crosstab-by" value={by} onChange={(e) => set({ xby: e.currentTarget.value })}>
            {DIMENSIONS().map((dimension) => (
              <option key={dimension.value} value={dimension.value}>
                {dimension.label}
              </option>
            ))}
            {breakdowns
              .filter((q) => q.key !== question)
              .map((q) => (
                <option key={q.key} value={`question:${q.key}`}>
                  {q.title}
                </option>
              ))}
          </select>
        </div>
      </div>
      {result.loading && <Loading label={t('crosstab.loadingCrossTable')} />}
      {result.error ? <RefusedFilter error={result.error} onReset={reset} /> : null}
      {result.data && (
        <div class={result.stale ? 'stale' : undefined} aria-busy={result.stale}>
          <CrosstabFigure result={result.data} question={questions.find((q) => q.key === result.data!.question.key)} context={context} />
        </div>
      )}
    </section>
  );
}

const medianText = (n: number) => (Number.isInteger(n) ? String(n) : decimal(n));

function CrosstabFigure({ result: answer, question, context }: { result: CrosstabResult; question: QuestionResult | undefined; context: FigureContext }) {
  // Channels, languages and the place sentinels in the staff's language; names of places and answers as sent.
  const dimension = answer.by.dimension;
  const result = dimension === 'question' ? answer : { ...answer, columns: answer.columns.map((column) => ({ ...column, label: dimensionValueLabel(dimension, column) })) };
  const { threshold } = result;
  const id = 'crosstab';
  const what = result.measure === 'first' ? t('crosstab.peopleWhoPutThe') : t('crosstab.people');
  const byName = result.by.dimension === 'question' ? t('crosstab.text', { title: result.by.title }) : result.by.title;
  const title = t('crosstab.by', { title: result.question.title, byName });
  const scale = result.question.type === 'scale';
  const stepRows = result.rows.map((row, index) => ({ row, index })).filter(({ row }) => isScaleStep(row.key));
  const figures = [...result.cells.flat(), ...result.rowTotals, ...result.columnTotals, result.total, ...(result.medians ?? []), ...(result.totalMedian ? [result.totalMedian] : [])];
  // The steps with the scale's end labels ("1 – sehr schlecht") when the question is at hand.
  const segmentsOf = (column: number): Segment[] => {
    const cells = stepRows.map(({ index }) => result.cells[index]![column]!);
    if (question?.type === 'scale') return scaleSegments(question, cells);
    return stepRows.map(({ row }, i) => ({ key: row.key, mark: row.key, label: row.label, cell: cells[i]! }));
  };
  // Each column's base, as the shares and the exports take it: for a scale those who chose a step.
  const bases = crosstabBases(result);
  const undrawn = scale ? result.columns.filter((_, c) => !bases[c]).map((column) => column.label) : [];
  // A share of the column: for a scale of those who chose a step (as in the bars; none for "keine Angabe"), otherwise of those who answered.
  const shares = crosstabShares(result);

  return (
    <figure class="chart-figure question-figure" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        <p class="question-meta">
          {t(scale ? 'crosstab.metaScale' : 'crosstab.metaAnswers', { what, byName, n: count(result.total) ?? t('crosstab.fewerThan', { threshold }) })}
        </p>
      </figcaption>
      {scale && (
        <div class="crosstab-stacks">
          {result.columns.map((column, c) => {
            const base = bases[c];
            return base ? <StackedBar key={column.key} caption={column.label} segments={segmentsOf(c)} base={base} /> : null;
          })}
          {undrawn.length > 0 && (
            <p class="hint" aria-hidden="true">
              {t('crosstab.noBarBecauseSingle', { value: undrawn.join(', ') })}
            </p>
          )}
          <StackKey segments={segmentsOf(0)} threshold={threshold} />
        </div>
      )}
      <ScrollArea labelledBy={`${id}-caption`}>
        <table class="counts crosstab">
          <caption id={`${id}-caption`}>{t('crosstab.table', { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{scale ? t('crosstab.step') : t('crosstab.answer')}</th>
              {result.columns.map((column) => (
                <th scope="col" key={column.key}>
                  {column.label}
                </th>
              ))}
              <th scope="col">{t('crosstab.total')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row, r) => (
              <tr key={row.key} class={scale && !isScaleStep(row.key) ? 'separated' : undefined}>
                <th scope="row">{scale && isScaleStep(row.key) ? (segmentsOf(0).find((segment) => segment.key === row.key)?.label ?? row.label) : row.label}</th>
                {result.columns.map((column, c) => (
                  <FigureCell key={column.key} figure={result.cells[r]![c]!} threshold={threshold} idPrefix={id} share={shares[r]![c]!} />
                ))}
                <FigureCell figure={result.rowTotals[r]!} threshold={threshold} idPrefix={id} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('crosstab.withAnAnswer2')}</th>
              {result.columns.map((column, c) => (
                <FigureCell key={column.key} figure={result.columnTotals[c]!} threshold={threshold} idPrefix={id} />
              ))}
              <FigureCell figure={result.total} threshold={threshold} idPrefix={id} />
            </tr>
            {result.medians && (
              <tr>
                <th scope="row">{t('crosstab.median')}</th>
                {[...result.medians, ...(result.totalMedian ? [result.totalMedian] : [])].map((median, c) => (
                  <StatisticCell key={result.columns[c]?.key ?? 'total'} statistic={median} threshold={threshold} idPrefix={id} format={medianText} />
                ))}
              </tr>
            )}
          </tfoot>
        </table>
      </ScrollArea>
      <WithheldNotes idPrefix={id} figures={figures} threshold={context.threshold} />
      {result.question.type === 'multi' && <p class="hint">{t('crosstab.severalAnswersPossibleA', { value: percent(1) })}</p>}
    </figure>
  );
}
