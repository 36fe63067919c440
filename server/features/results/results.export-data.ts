/**
 * What the export files hold, read on a read worker (server/read-worker): the plan (who may take
 * what, checked before the first byte), the contributions row by row from one statement, and the
 * suppressed tables. Every function takes plain data and returns plain data, so it runs on any
 * connection, in any thread.
 */
import type { Db } from '../../../db/index.ts';
import type { AggregateDimension, ExportFilter } from '../../../shared/api/results.ts';
import { RESPONSE_CHANNELS, type Figure, type QuestionResult, type Statistic } from '../../../shared/api/question-results.ts';
import { CHANNELS, PLACE_OUTSIDE, PLACE_UNKNOWN, type Channel } from '../../../shared/domain.ts';
import { binLabel, CHOSEN_A_STEP, LANGUAGE_LABELS, CHANNEL_LABELS, OUTSIDE_LABEL, UNKNOWN_LABEL } from '../../../shared/results/labels.ts';
import { crosstabShares, percentBase, scaleChosen } from '../../../shared/results/summary.ts';
import { AppError } from '../../errors.ts';
import { localDay } from '../../time.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { placeNamer } from './place-names.ts';
import { loadProcessParts, type ProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { presentExportRow, type ExportRow } from './results.presenter.ts';
import { contributionCsv, type CsvChunk } from './results.csv.ts';
import * as repo from './results.repo.ts';
import { countScope, crosstab, dotVotes, questionResults, suppressScopeTable, type CheckedFilters, type Scope, type ScopeCounts } from './results.service.ts';
import type { BandChoice } from './quotes.service.ts';
import { narrowedScope } from './results.selection.ts';
import { selectionParts } from '../../../shared/results/selection.ts';

/** Why a count is not published: fewer voices than the threshold, or a sum would give such a count away. */
export type WithheldReason = 'below_threshold' | 'secondary';

/** A count as the export files print it: a number, or nothing with the reason beside it. */
export interface CountCell {
  count: number | null;
  reason: WithheldReason | null;
}

export type TableValue = string | number | CountCell | null;

/**
 * One table of an export: a CSV file in the ZIP, a sheet in the workbook, a table in the PDF.
 * A `count` column is written as two: the number (empty when withheld) and, beside it, the reason.
 */
export interface ExportTable {
  /** File and sheet name: lower case, no spaces ("anzahlen-stadtbezirk"). */
  name: string;
  /** Sheet title and heading ("Anzahlen nach Stadtbezirk"). */
  title: string;
  /** What the table counts, for the README, the workbook's notes and the PDF. */
  description: string;
  /**
   * `date`: a day (YYYY-MM-DD), written so in the CSV, as a date cell in the workbook, as 02.12.2026 in the PDF.
   * `share`: a count's share of its base (0 to 1, null where there is none), a percentage cell in the workbook.
   */
  columns: Array<{ header: string; kind: 'text' | 'number' | 'count' | 'date' | 'share' }>;
  rows: TableValue[][];
}

/** What is known before the first byte of an export: who may take what (403/400 thrown here), and the file's name. */
export interface ExportPlan {
  processId: string;
  processTitle: string;
  /** "Arbeit & Beschäftigung", or the list of the caller's top fields. */
  scopeLabel: string;
  fields: Array<{ key: string; label: string }>;
  exportedOn: string;
  threshold: number;
  /**
   * What the export is narrowed to, in words („Stadtbezirk: Bezirk 2“, „Stadtteil: Bensberg“,
   * „Kanal: Marktstand“, „Sprache: Türkisch“, „Seit wann in Deutschland: 2–5 Jahre“), none without a
   * filter: every file says it under its title, so a district's figures are not read as the city's.
   */
  selection: string[];
  /**
   * `mitreden-<slug>-<fields>-<day>`, without extension: the chosen field, else `alle-handlungsfelder`
   * when the caller sees every field of the process, else the keys of the caller's top fields
   * („arbeit-bildung“), so a working group's file does not read as if it held every field;
   * then the district's and Stadtteil's keys, the channel, the language and the band
   * (`years-in-germany-2-5`) where the export is narrowed to them.
   */
  filenameStem: string;
}

export interface ExportArgs {
  process: ProcessRow;
  user: UserRow;
  filter: ExportFilter;
}

/** The export's scope under the page's respondent filters (`narrowedScope`), checked once per request with `checked`. */
const exportScope = (db: Db, { process, user, filter }: ExportArgs, checked?: CheckedFilters) => narrowedScope(db, process, user, filter, false, checked);

/**
 * What an export of the caller's fields is called and headed by: the chosen field, else
 * `alle-handlungsfelder` when the caller sees every field of the process, else the caller's top
 * fields („arbeit-bildung“, „Arbeit & Beschäftigung, Bildung“).
 */
export function fieldScope(parts: ProcessParts, fields: string[], field: string | undefined): { fieldList: Array<{ key: string; label: string }>; scopeLabel: string; inName: string } {
  const fieldList = parts.fields.filter((f) => fields.includes(f.key)).map((f) => ({ key: f.key, label: f.label.de }));
  const labelOf = new Map(fieldList.map((f) => [f.key, f.label]));
  const parentOf = new Map(parts.fields.map((f) => [f.key, f.parentKey]));
  const topFields = fieldList.filter((f) => !labelOf.has(parentOf.get(f.key) ?? ''));
  const seesEveryField = parts.fields.every((f) => labelOf.has(f.key));
  return {
    fieldList,
    scopeLabel: field ? labelOf.get(field)! : topFields.map((f) => f.label).join(', '),
    inName: field ?? (seesEveryField ? 'alle-handlungsfelder' : topFields.map((f) => f.key).join('-')),
  };
}

/** A place key as the page names it: a district's or Stadtteil's name, „außerhalb der Stadt“, „unbekannt“. */
export function placeName(places: Array<{ key: string; name: string }>, key: string): string {
  return key === PLACE_OUTSIDE ? OUTSIDE_LABEL : key === PLACE_UNKNOWN ? UNKNOWN_LABEL : (places.find((place) => place.key === key)?.name ?? key);
}

/** A demographic band in words, the question's title and the chosen options: „Angabe der Befragten „Seit wann leben Sie in Deutschland?“: 2 bis 5 Jahre“. */
export function bandLine(choice: BandChoice | undefined, question: string, options: string[]): string {
  return selectionParts({ band: bandNames(choice, question, options) })[0]!;
}

function bandNames(choice: BandChoice | undefined, question: string, options: string[]): { question: string; option: string } {
  const labels = options.map((option) => choice?.options.find((o) => o.key === option)?.label ?? option);
  return { question: choice?.label ?? question, option: labels.join(' oder ') };
}

/** The filters besides the field in words, a line each, as the page's captions say them (shared/results/selection.ts). */
function describeFilter(parts: ProcessParts, filter: ExportFilter, bands: BandChoice[]): string[] {
  return selectionParts({
    district: filter.district && placeName(parts.districts, filter.district),
    stadtteil: filter.stadtteil && placeName(parts.stadtteile, filter.stadtteil),
    channel: filter.channel && CHANNEL_LABELS[filter.channel],
    language: filter.language && LANGUAGE_LABELS[filter.language],
    band: filter.band && bandNames(bands.find((choice) => choice.key === filter.band!.question), filter.band.question, [filter.band.option]),
  });
}

/** Where an export is narrowed to a place or channel, the lines that say so under its title (the PDF's, the README's, the sheet „Hinweise“); none otherwise. */
export function selectionNotes(plan: ExportPlan): string[] {
  if (plan.selection.length === 0) return [];
  return ['Eingegrenzt – alle Zahlen und Beiträge dieser Datei nur aus dieser Auswahl, nicht aus der ganzen Stadt:', ...plan.selection.map((line) => `  ${line}`)];
}

export function exportPlan(db: Db, args: ExportArgs): ExportPlan {
  const { process, filter } = args;
  const { scope, bands } = exportScope(db, args);
  const { fieldList, scopeLabel, inName } = fieldScope(scope.parts, scope.fields, filter.field);
  const exportedOn = localDay();
  const band = filter.band ? `${filter.band.question}-${filter.band.option}` : undefined;
  const narrowedTo = [filter.district, filter.stadtteil, filter.channel, filter.language, band].filter((part): part is string => Boolean(part));
  return {
    processId: process.id,
    processTitle: process.title.de,
    scopeLabel,
    fields: fieldList,
    exportedOn,
    threshold: process.suppressionThreshold,
    selection: describeFilter(scope.parts, filter, bands),
    filenameStem: [`mitreden-${process.slug}-${inName}`, ...narrowedTo, exportedOn].join('-'),
  };
}

/**
 * The contributions of the scope as the files print them (masked text, month, a place no finer
 * than the counts allow), oldest first, from one statement. With `onlyField`, those under that field.
 */
export function* exportRows(db: Db, { onlyField, ...args }: ExportArgs & { onlyField?: string | undefined }): Generator<ExportRow> {
  const { process } = args;
  const { scope } = exportScope(db, args);
  const { parts, fields, voiceFilter } = scope;
  const labelOf = new Map(parts.fields.filter((f) => fields.includes(f.key)).map((f) => [f.key, f.label.de]));
  const nameArea = placeNamer(db, scope);
  for (const row of repo.iterateExportRows(db, process.id, fields, voiceFilter, onlyField)) yield presentExportRow(row, nameArea(row.stadtteilKey, row.fields?.split(',') ?? []), labelOf);
}

/** The contributions' CSV file (as `exportRows` gives them), in chunks of bytes: made on the read worker, so the event loop only passes bytes on. */
export function* exportCsv(db: Db, args: ExportArgs): Generator<CsvChunk> {
  yield* contributionCsv(exportRows(db, args));
}

/** Suppresses a table of the scope as every table of its voices is (`suppressScopeTable`) and says for each withheld count why. */
function withReasons(db: Db, scope: Scope, by: AggregateDimension[], counts: ScopeCounts, which: 'contributions' | 'responses') {
  const table = counts[which]!;
  const threshold = scope.process.suppressionThreshold;
  const suppressed = suppressScopeTable(db, scope, by, counts, which);
  const cell = (raw: number, published: { count: number | null; suppressed: boolean }): CountCell =>
    published.suppressed ? { count: null, reason: raw < threshold ? 'below_threshold' : 'secondary' } : { count: raw, reason: null };
  return {
    cells: table.cells.map((raw, i) => cell(raw, suppressed.cells[i]!)),
    margins: table.margins.map((margin, d) => margin.map((raw, i) => cell(raw, suppressed.margins[d]![i]!))),
    total: cell(table.total, suppressed.total),
  };
}

export const TOTAL = 'Gesamt';

/** Everything besides the contributions: the count tables, the district × field table, the dot votes and what the method page says. */
export interface ExportTables {
  tables: ExportTable[];
  method: MethodFacts;
}

/** The method page: who took part through which channel, the rule for small numbers, how the survey was translated. */
export interface MethodFacts {
  threshold: number;
  /** Per channel: contributions and questionnaires of the scope, suppressed. */
  channels: Array<{ channel: string; contributions: CountCell; responses: CountCell | null }>;
  /** Per survey language: "geprüft" (a person checked it) or "maschinell, ungeprüft"; German is the original. */
  translations: Array<{ language: string; status: string }>;
}

export function exportTables(db: Db, args: ExportArgs): ExportTables {
  const { process, user, filter } = args;
  // The filter is checked once for all the tables below (each question's, each question's by district).
  const checked: CheckedFilters = new Set();
  const { scope } = exportScope(db, args, checked);
  const threshold = process.suppressionThreshold;
  const questions = questionTables(db, process, user, filter, checked);
  // Where the question figures refuse the filters (too few respondents, or too few left out), the
  // questionnaires' counts under them would tell the same: they are left out too.
  const responsesOf = (by: AggregateDimension[], counts: ScopeCounts) => (counts.responses && !questions.refused ? withReasons(db, scope, by, counts, 'responses') : null);
  const byOne = (name: 'district' | 'channel', title: string, header: string): ExportTable => {
    const counts = countScope(db, scope, [name]);
    const contributions = withReasons(db, scope, [name], counts, 'contributions');
    const responses = responsesOf([name], counts);
    return {
      name: `anzahlen-${name === 'district' ? 'stadtbezirk' : 'kanal'}`,
      title,
      description: `Beiträge und Fragebögen je ${header}, mit der Summe in der Zeile „${TOTAL}“. Fragebögen: Antworten der Befragung (online und auf Papier) mit mindestens einer Antwort zu diesen Handlungsfeldern, nach selbst angegebenem Stadtteil.${questions.refused ? ' Fragebögen hier keine: mit diesen Filtern bleiben zu wenige (siehe „Fragen“).' : ''}`,
      columns: [
        { header, kind: 'text' },
        { header: 'Beiträge', kind: 'count' },
        { header: 'Fragebögen', kind: 'count' },
      ],
      rows: [
        ...counts.values[0]!.map((value, i) => [value.label, contributions.margins[0]![i]!, responses?.margins[0]![i] ?? null]),
        [TOTAL, contributions.total, responses?.total ?? null],
      ],
    };
  };
  const district = byOne('district', 'Anzahlen nach Stadtbezirk', 'Stadtbezirk');
  const channel = byOne('channel', 'Anzahlen nach Kanal', 'Kanal');

  // The district × field table in long form (one row per pair, margins as "Gesamt"), as R and SPSS read it.
  const cross = countScope(db, scope, ['field', 'district']);
  const crossCounts = withReasons(db, scope, ['field', 'district'], cross, 'contributions');
  const [fieldValues, districtValues] = cross.values as [Array<{ key: string; label: string }>, Array<{ key: string; label: string }>];
  const crossRows: TableValue[][] = [];
  fieldValues.forEach((field, f) => {
    districtValues.forEach((place, d) => crossRows.push([field.label, place.label, crossCounts.cells[f * districtValues.length + d]!]));
    crossRows.push([field.label, TOTAL, crossCounts.margins[0]![f]!]);
  });
  districtValues.forEach((place, d) => crossRows.push([TOTAL, place.label, crossCounts.margins[1]![d]!]));
  crossRows.push([TOTAL, TOTAL, crossCounts.total]);
  const fieldByDistrict: ExportTable = {
    name: 'handlungsfeld-stadtbezirk',
    title: 'Handlungsfeld × Stadtbezirk',
    description: `Beiträge je Handlungsfeld und Stadtbezirk, eine Zeile je Paar; „${TOTAL}“ sind die Summen. Ein Beitrag zu zwei Handlungsfeldern zählt bei beiden, in „${TOTAL}“ über alle Handlungsfelder einmal.`,
    columns: [
      { header: 'Handlungsfeld', kind: 'text' },
      { header: 'Stadtbezirk', kind: 'text' },
      { header: 'Beiträge', kind: 'count' },
    ],
    rows: crossRows,
  };

  // The dot votes follow the market day's place, as on the page; a dot has no language, no personal
  // detail and no channel but the stall, so under such a filter the table stays empty and says why.
  const dotsApart = [filter.channel && filter.channel !== 'stall' && 'Kanal', filter.language && 'Sprache', filter.band && 'Angabe zur Person'].filter((name): name is string => Boolean(name));
  const { boards } = dotsApart.length > 0 ? { boards: [] } : dotVotes(db, process, user, { field: filter.field, district: filter.district, stadtteil: filter.stadtteil });
  const dotTable: ExportTable = {
    name: 'klebepunkte',
    title: 'Klebepunkte',
    description:
      `Die Punkte auf den Plakaten der Markttage, je Markttag und Option, mit der Summe je Markttag in der Zeile „${TOTAL}“; unterdrückt wie Personen.` +
      (dotsApart.length > 0 ? ` Hier keine: Klebepunkte haben ${dotsApart.length === 1 ? 'den Filter' : 'die Filter'} ${dotsApart.join(' und ')} nicht, sie kämen aus allen Befragten.` : ''),
    columns: [
      { header: 'Markttag', kind: 'date' },
      { header: 'Ort', kind: 'text' },
      { header: 'Stadtteil', kind: 'text' },
      { header: 'Frage', kind: 'text' },
      { header: 'Option', kind: 'text' },
      { header: 'Punkte', kind: 'count' },
    ],
    rows: boards.flatMap((board) => {
      const where = [board.date, board.place, board.stadtteil?.label ?? '', board.question ?? 'Handlungsfelder'];
      return [...board.options.map((option) => [...where, option.label, fromFigure(option.count)]), [...where, TOTAL, fromFigure(board.total)]];
    }),
  };

  const channelCounts = countScope(db, scope, ['channel']);
  const channelContributions = withReasons(db, scope, ['channel'], channelCounts, 'contributions');
  const channelResponses = responsesOf(['channel'], channelCounts);
  const latest = repo.listSurveyDefinitions(db, process.id).at(-1);
  return {
    tables: [district, channel, fieldByDistrict, ...questions.tables, dotTable],
    method: {
      threshold,
      channels: CHANNELS.filter((c: Channel) => !filter.channel || c === filter.channel).map((c, i) => ({
        channel: CHANNEL_LABELS[c],
        contributions: channelContributions.margins[0]![i]!,
        responses: channelResponses?.margins[0]![i] ?? null,
      })),
      translations: latest
        ? latest.languages.map((language) => ({
            language: LANGUAGE_LABELS[language],
            status: language === 'de' ? 'Original' : latest.translations[language] === 'reviewed' ? 'von einer Person geprüft' : 'maschinell übersetzt, nicht geprüft',
          }))
        : [],
    },
  };
}

const fromFigure = (figure: Figure | Statistic): CountCell =>
  figure.suppressed ? { count: null, reason: figure.reason } : { count: 'count' in figure ? figure.count : Math.round(figure.value * 100) / 100, reason: null };

/** A number question's statistics in the order a box plot reads them, as the exports name them. */
export const NUMBER_STATISTICS = [
  ['min', 'Minimum'],
  ['q1', 'unteres Quartil'],
  ['median', 'Median'],
  ['q3', 'oberes Quartil'],
  ['max', 'Maximum'],
  ['mean', 'Mittelwert'],
] as const;

/** A scale's step as both question tables name it, the ends as the survey names them, so "Stufe 1" says which way the scale runs. */
const stepLabel = (question: Extract<QuestionResult, { type: 'scale' }>, value: number) =>
  `Stufe ${value}${value === question.min ? ` („${question.minLabel}“)` : value === question.max ? ` („${question.maxLabel}“)` : ''}`;

/**
 * A ranking option's points as the table „Fragen“ names them, with what a first place brings: the
 * number of places to give, which is the number of options unless the question limits it.
 */
const bordaPointsLabel = (places: number) => `Punkte (Borda, Platz 1 = ${places} Punkte)`;

/** A ranking's option counted by first places, as both question tables name it. */
const firstPlaceLabel = (label: string) => `${label}: auf Platz 1`;

/**
 * A crosstab row's value as the table "Fragen" names the same count, so a filter on „Wert“ finds
 * it in both sheets: a scale's step with its end's label, a ranking's option with „auf Platz 1“.
 */
function valueLabel(question: QuestionResult, row: { key: string; label: string }): string {
  if (question.type === 'scale' && /^\d+$/.test(row.key)) return stepLabel(question, Number(row.key));
  if (question.type === 'ranking') return firstPlaceLabel(row.label);
  return row.label;
}

/** One row per figure of a question: who was shown it, answered, left it out, then each option, step or statistic. */
function questionRows(question: QuestionResult, fieldLabel: (key: string) => string): TableValue[][] {
  const field = question.fieldOfAction ? fieldLabel(question.fieldOfAction) : '';
  // An option's, step's or range's share of the page's base (`percentBase`): none where the base or the count is withheld.
  const base = percentBase(question);
  const row = (value: string, count: Figure | Statistic, shared = false): TableValue[] => [
    question.key,
    question.title,
    field,
    value,
    fromFigure(count),
    shared && base && !count.suppressed && 'count' in count ? count.count / base : null,
  ];
  const rows = [row('gefragt', question.shown), row('beantwortet', question.answered), row('ausgelassen', question.leftOut)];
  switch (question.type) {
    case 'single':
    case 'multi':
    case 'stadtteil':
      return [...rows, ...question.options.map((option) => row(option.label, option.count, true))];
    case 'scale':
      return [
        ...rows,
        // With "keine Angabe" the answers split: the steps' base beside it, as the page's header names both.
        ...(question.noAnswer ? [row(CHOSEN_A_STEP, scaleChosen(question))] : []),
        ...question.steps.map((step) => row(stepLabel(question, step.value), step.count, true)),
        ...(question.noAnswer ? [row('keine Angabe', question.noAnswer)] : []),
        row('Median', question.median),
      ];
    case 'number':
      return [
        ...rows,
        ...question.bins.map((bin) => row(binLabel(bin), bin.count, true)),
        ...NUMBER_STATISTICS.map(([key, label]) => row(label, question[key])),
      ];
    case 'ranking':
      return [
        ...rows,
        ...question.options.flatMap((option) => [
          row(`${option.label}: ${bordaPointsLabel(question.places)}`, option.points),
          row(`${option.label}: mittlerer Rang`, option.meanRank),
          row(firstPlaceLabel(option.label), option.first),
          row(`${option.label}: eingeordnet`, option.placed),
        ]),
      ];
  }
}

const QUESTION_COLUMNS: ExportTable['columns'] = [
  { header: 'Schlüssel', kind: 'text' },
  { header: 'Frage', kind: 'text' },
  { header: 'Handlungsfeld', kind: 'text' },
  { header: 'Wert', kind: 'text' },
  { header: 'Anzahl', kind: 'count' },
  { header: 'Anteil', kind: 'share' },
];

/**
 * What the question table's „Anteil“ is a share of, as the page and the PDF give it (`percentBase`):
 * said under the table in every file.
 */
export const SHARES_NOTE =
  'Anteil: die Anzahl geteilt durch ihre Grundzahl, wie auf der Seite: bei einer Einfachauswahl an denen, die antworteten, bei einer Mehrfachauswahl an denen, die gefragt wurden, ' +
  'bei einer Skala an denen, die eine Stufe wählten, bei einer Zahlenfrage an denen, die eine Zahl nannten. Zu einer verdeckten Zahl, zu „keine Angabe“, bei einer Rangfolge und wo die Grundzahl verdeckt ist, steht kein Anteil.';

/**
 * What „Anteil im Bezirk“ is a share of, as the page's table by district gives it (`crosstabShares`):
 * said under the table in every file, so districts of different size can be compared.
 */
const DISTRICT_SHARES_NOTE =
  'Anteil im Bezirk: die Anzahl geteilt durch die Befragten dieses Bezirks, die die Frage beantworteten (bei einer Skala: die eine Stufe wählten), wie auf der Seite; so lassen sich Bezirke verschiedener Größe vergleichen. ' +
  `Zu einer verdeckten Zahl, zu „keine Angabe“, zu den Summen „${TOTAL}“ und wo die Grundzahl verdeckt ist, steht kein Anteil.`;

/**
 * The closed questions' results and each question by statistical district, from the per-question
 * computations; a filter that leaves too few respondents (422) gives the tables without rows and
 * says why, and a channel without questionnaires (a market stall) gives none.
 */
function questionTables(db: Db, process: ProcessRow, user: UserRow, filter: ExportFilter, checked: CheckedFilters): { tables: ExportTable[]; refused: boolean } {
  if (filter.channel && !(RESPONSE_CHANNELS as readonly string[]).includes(filter.channel)) return { tables: [], refused: false };
  const { field, district, stadtteil, language, band } = filter;
  const query = { field, district, stadtteil, language, band, channel: filter.channel as (typeof RESPONSE_CHANNELS)[number] | undefined, includeFlagged: false };
  let note = '';
  let questions: QuestionResult[] = [];
  try {
    questions = questionResults(db, process, user, query, checked).questions;
  } catch (error) {
    if (!(error instanceof AppError) || error.statusCode !== 422) throw error;
    note = ` Mit diesem Filter bleiben zu wenige Fragebögen: ${error.message}`;
  }
  const labels = new Map(loadProcessParts(db, process.id).fields.map((field) => [field.key, field.label.de]));
  const fieldLabel = (key: string) => labels.get(key) ?? key;
  const byDistrict: TableValue[][] = [];
  for (const question of questions) {
    if (question.type === 'stadtteil' || question.type === 'number') continue;
    const table = crosstab(db, process, user, { ...query, question: question.key, by: { dimension: 'district', question: null } }, checked);
    const shares = crosstabShares(table);
    table.rows.forEach((row, r) => {
      const value = valueLabel(question, row);
      table.columns.forEach((column, c) => byDistrict.push([question.key, question.title, value, column.label, fromFigure(table.cells[r]![c]!), shares[r]![c]!]));
      byDistrict.push([question.key, question.title, value, TOTAL, fromFigure(table.rowTotals[r]!), null]);
    });
    table.columns.forEach((column, c) => byDistrict.push([question.key, question.title, TOTAL, column.label, fromFigure(table.columnTotals[c]!), null]));
  }
  const tables: ExportTable[] = [
    {
      name: 'fragen',
      title: 'Fragen',
      description:
        `Jede geschlossene Frage des Fragebogens (mit ihrem Schlüssel, der über alle Fassungen gleich bleibt): wie vielen sie gestellt wurde (gefragt), wie viele sie beantworteten (bei einer Skala „keine Angabe“ mitgezählt) und ausließen, dann je Option (Mehrfachauswahl: wie viele sie wählten), bei einer Skala wie viele eine Stufe wählten („${CHOSEN_A_STEP}“), je Stufe, „keine Angabe“ und Median, je Option einer Rangfolge Borda-Punkte (Platz 1 bringt so viele Punkte, wie es Plätze zu vergeben gibt, der letzte Platz 1 Punkt, nicht eingeordnet keinen), mittlerer Rang, wie oft auf Platz 1 und wie oft eingeordnet, bei einer Zahlenfrage je Bereich („von–bis“) und Minimum, Quartile, Median, Maximum und Mittelwert (Minimum und Maximum nur, wenn mindestens so viele wie die Schwelle genau diese Zahl nannten). ${SHARES_NOTE}` +
        note,
      columns: QUESTION_COLUMNS,
      rows: questions.flatMap((question) => questionRows(question, fieldLabel)),
    },
    {
      name: 'fragen-nach-stadtbezirk',
      title: 'Fragen nach Stadtbezirk',
      description: `Jede geschlossene Frage nach statistischem Bezirk: Befragte je Option (Skala: je Stufe; Rangfolge: auf Platz 1) und Bezirk, mit den Summen „${TOTAL}“. ${DISTRICT_SHARES_NOTE}` + note,
      columns: [
        { header: 'Schlüssel', kind: 'text' },
        { header: 'Frage', kind: 'text' },
        { header: 'Wert', kind: 'text' },
        { header: 'Stadtbezirk', kind: 'text' },
        { header: 'Anzahl', kind: 'count' },
        { header: 'Anteil im Bezirk', kind: 'share' },
      ],
      rows: byDistrict,
    },
  ];
  return { tables, refused: note !== '' };
}

/** A day (YYYY-MM-DD) as German files print it: 02.12.2026. */
export const germanDate = (day: string): string => day.split('-').reverse().join('.');

const MONTH = new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "2026-11" as the quote browser names it: „November 2026“ (the PDF's and the concept draft's quotes). */
export const germanMonth = (month: string): string => (/^\d{4}-\d{2}$/.test(month) ? MONTH.format(new Date(`${month}-01T00:00:00Z`)) : month);
