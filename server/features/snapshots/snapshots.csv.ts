// The CSV of a released snapshot, derived from its stored JSON alone: the same document and
// language give the same bytes, so the CSV is as frozen as the JSON it comes from.

import { stringify } from 'csv-stringify/sync';
import type { Figure, Statistic } from '../../../shared/api/question-results.ts';
import type { SnapshotDocument } from '../../../shared/api/snapshots.ts';
import { localize, type Language, type LocalizedText } from '../../../shared/languages.ts';
import { binLabel } from '../../../shared/results/labels.ts';
import { NO_ANSWER_KEY } from '../results/question-results.ts';
import { neutralizeFormula } from '../results/results.exports.ts';

const HEADER = ['section', 'question', 'question_text', 'item', 'item_text', 'measure', 'value', 'withheld'];

type Cell = string | number;

/** One line per published or withheld figure, in the document's order; a withheld one has no value and says why. */
export function snapshotCsv(document: SnapshotDocument, language: Language): string {
  const rows: Cell[][] = [];
  const text = (value: LocalizedText | undefined, fallback: string) => neutralizeFormula(value ? localize(value, language) : fallback);
  const put = (section: string, question: string, questionText: string, item: string, itemText: string, measure: string, figure: Figure | Statistic) => {
    const value = figure.suppressed ? '' : 'count' in figure ? figure.count : figure.value;
    rows.push([section, question, questionText, item, itemText, measure, value, figure.suppressed ? figure.reason : '']);
  };
  put('respondents', '', '', '', '', 'count', document.respondents);
  const note = document.participation;
  for (const kind of ['responses', 'contributions', 'voices'] as const) put('participation', '', '', 'total', 'total', kind, note.total[kind]);
  for (const district of note.districts) {
    const name = neutralizeFormula(district.name);
    for (const kind of ['responses', 'contributions', 'voices'] as const) put('participation', '', '', district.key, name, kind, district[kind]);
    if (district.population !== null) rows.push(['participation', '', '', district.key, name, 'population', district.population, '']);
    if (district.rate) rows.push(['participation', '', '', district.key, name, 'per_1000', district.rate.perThousand, '']);
  }
  for (const question of document.questions) {
    const texts = document.texts[question.key];
    const title = text(texts?.title, question.title);
    const optionText = (key: string, fallback: string) => text(texts?.options[key], fallback);
    const line = (item: string, itemText: string, measure: string, figure: Figure | Statistic) => put('question', question.key, title, item, itemText, measure, figure);
    if (question.type === 'scale') {
      for (const step of question.steps) line(String(step.value), String(step.value), 'count', step.count);
      if (question.noAnswer) line(NO_ANSWER_KEY, optionText(NO_ANSWER_KEY, 'keine Angabe'), 'count', question.noAnswer);
      line('', '', 'median', question.median);
    } else if (question.type === 'ranking') {
      for (const option of question.options) {
        const label = optionText(option.key, option.label);
        line(option.key, label, 'points', option.points);
        line(option.key, label, 'mean_rank', option.meanRank);
        line(option.key, label, 'first', option.first);
        line(option.key, label, 'placed', option.placed);
      }
    } else if (question.type === 'number') {
      for (const bin of question.bins) line(binLabel(bin), binLabel(bin), 'count', bin.count);
      for (const statistic of ['min', 'q1', 'median', 'q3', 'max', 'mean'] as const) line('', '', statistic, question[statistic]);
    } else {
      for (const option of question.options) line(option.key, optionText(option.key, option.label), 'count', option.count);
    }
    line('', '', 'shown', question.shown);
    line('', '', 'answered', question.answered);
    line('', '', 'left_out', question.leftOut);
  }
  const votes = document.dotVotes;
  if (votes) {
    const field = (key: string, fallback: string) => text(document.fields[key], fallback);
    const grid = votes.byStadtteil;
    grid.fields.forEach((row, f) => {
      grid.stadtteile.forEach((column, s) => put('dot_votes', '', '', `${row.key}@${column.key}`, `${field(row.key, row.label)} – ${neutralizeFormula(column.label)}`, 'dots', grid.cells[f]![s]!));
      put('dot_votes', '', '', row.key, field(row.key, row.label), 'dots', grid.fieldTotals[f]!);
    });
    grid.stadtteile.forEach((column, s) => put('dot_votes', '', '', `@${column.key}`, neutralizeFormula(column.label), 'dots', grid.stadtteilTotals[s]!));
    put('dot_votes', '', '', 'total', 'total', 'dots', grid.total);
    for (const board of votes.boards) {
      const where = neutralizeFormula([board.date, board.place, board.stadtteil?.label].filter(Boolean).join(', '));
      const question = board.question === null ? '' : neutralizeFormula(board.question);
      for (const option of board.options) put('market_day', board.date, `${where}${question ? `: ${question}` : ''}`, option.key, board.question === null ? field(option.key, option.label) : neutralizeFormula(option.label), 'dots', option.count);
      put('market_day', board.date, `${where}${question ? `: ${question}` : ''}`, 'total', 'total', 'dots', board.total);
    }
  }
  return stringify([HEADER, ...rows], { bom: true, record_delimiter: 'windows' });
}
