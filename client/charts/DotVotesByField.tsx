import type { DotVotes } from '../../shared/api/question-results.ts';
import { withheldText } from '../../shared/results/summary.ts';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { BarChart } from './BarChart.tsx';
import { FigureCell, WithheldNotes } from './QuestionFigure.tsx';
import { useGermanName, useResultWords } from './words.ts';

/** More market-day Stadtteile than this, and the table stands under the bars. */
const WIDE_TABLE_STADTTEILE = 3;

/** The fields-of-action boards of all market days: dots per field as bars, and per field and Stadtteil as a table. */
export function DotVotesByField({ result, fieldLabel = (field) => field.label, meta }: { result: DotVotes; fieldLabel?: (field: { key: string; label: string }) => string; meta?: string }) {
  const words = useResultWords();
  const germanName = useGermanName();
  const { byStadtteil: table, threshold } = result;
  const id = 'dots-field';
  const bars = table.fields.map((field, f) => ({
    key: field.key,
    label: fieldLabel(field),
    cell: table.fieldTotals[f]!,
    text: table.fieldTotals[f]!.suppressed ? withheldText(table.fieldTotals[f]!.reason, threshold, words) : undefined,
  }));
  const figures = [...table.cells.flat(), ...table.fieldTotals, ...table.stadtteilTotals, table.total];
  return (
    <figure class="chart-figure" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`}>{words.text('resDotsByField')}</h3>
        <p class="question-meta">{meta ?? words.text('resDotsByFieldMeta')}</p>
      </figcaption>
      {/* A column per Stadtteil: beside the bars from a few on, the table would leave them no room. */}
      <div class={table.stadtteile.length > WIDE_TABLE_STADTTEILE ? 'chart-with-table table-below' : 'chart-with-table'}>
        <BarChart bars={bars} threshold={threshold} />
        <ScrollArea labelledBy={`${id}-caption`}>
          <table class="counts">
            <caption id={`${id}-caption`}>{words.text('resDotsTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{words.text('resField')}</th>
                {table.stadtteile.map((stadtteil) => (
                  <th scope="col" key={stadtteil.key} {...germanName}>
                    {stadtteil.label}
                  </th>
                ))}
                <th scope="col">{words.text('resTotal')}</th>
              </tr>
            </thead>
            <tbody>
              {table.fields.map((field, f) => (
                <tr key={field.key}>
                  <th scope="row">{fieldLabel(field)}</th>
                  {table.stadtteile.map((stadtteil, s) => (
                    <FigureCell key={stadtteil.key} figure={table.cells[f]![s]!} threshold={threshold} idPrefix={id} />
                  ))}
                  <FigureCell figure={table.fieldTotals[f]!} threshold={threshold} idPrefix={id} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{words.text('resTotal')}</th>
                {table.stadtteile.map((stadtteil, s) => (
                  <FigureCell key={stadtteil.key} figure={table.stadtteilTotals[s]!} threshold={threshold} idPrefix={id} />
                ))}
                <FigureCell figure={table.total} threshold={threshold} idPrefix={id} />
              </tr>
            </tfoot>
          </table>
        </ScrollArea>
      </div>
      <WithheldNotes idPrefix={id} figures={figures} threshold={threshold} unit="dots" />
    </figure>
  );
}
