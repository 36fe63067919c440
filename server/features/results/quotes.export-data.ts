/**
 * The quote browser's selection as a file, read on a read worker (server/read-worker) like every
 * export: the plan (the same checks as the page, 403/400/422 before the first byte; the file's
 * name; the words that say which filters and search made it) and the quotes row by row, each as
 * the exports print a contribution (masked text, month, a place no finer than the page names it).
 */
import type { Db } from '../../../db/index.ts';
import type { QuotesExportQuery } from '../../../shared/api/quotes.ts';
import { CHANNEL_LABELS, KIND_LABELS, LANGUAGE_LABELS } from '../../../shared/results/labels.ts';
import { selectionParts } from '../../../shared/results/selection.ts';
import { normalizeLine } from '../../../shared/text/normalize.ts';
import { localDay } from '../../time.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';
import { columnNotes, contributionCsv, type CsvChunk } from './results.csv.ts';
import { bandLine, fieldScope, germanDate, placeName } from './results.export-data.ts';
import { presentExportRow, type ExportRow } from './results.presenter.ts';
import * as repo from './quotes.repo.ts';
import { quoteSelection, withSearch, type QuoteSelection } from './quotes.service.ts';
import { placeNamer } from './place-names.ts';
import { resolveScope } from './results.service.ts';

export interface QuoteExportArgs {
  process: ProcessRow;
  user: UserRow;
  query: QuotesExportQuery;
}

/** What is known before the first byte of the download. */
export interface QuoteExportPlan {
  processTitle: string;
  /** „Arbeit & Beschäftigung“, or the caller's top fields. */
  scopeLabel: string;
  /** Each filter and the search as the page names them („Stadtteil: Bensberg“, „Suche: „Sprachkurs““); empty without any. */
  selection: string[];
  /** The query as it came (bands as `question:option`), for the audit log. */
  filter: Record<string, string>;
  exportedOn: string;
  threshold: number;
  /** `mitreden-<slug>-zitate-<fields>-<filters…>-<day>`, safe ASCII, without extension. */
  filenameStem: string;
}

/** The longest a file's name gets before its day and extension; a long search is cut to fit. */
const MAX_STEM = 120;

/** A word for a file's name: German umlauts spelt out, other accents dropped, anything else but a–z and 0–9 a hyphen. */
export function asciiSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The selection in words, one line a filter, as the page's filters are labelled. */
function describe(selection: QuoteSelection, query: QuotesExportQuery): string[] {
  const { parts, bands } = selection;
  const lines = selectionParts({
    district: query.district && placeName(parts.districts, query.district),
    stadtteil: query.stadtteil && placeName(parts.stadtteile, query.stadtteil),
    channel: query.channel && CHANNEL_LABELS[query.channel],
  });
  if (query.kind) lines.push(`Art: ${KIND_LABELS[query.kind]}`);
  if (query.language) lines.push(`Sprache des Zitats: ${LANGUAGE_LABELS[query.language]}`);
  for (const band of bands) {
    const chosen = (query.band ?? []).filter((b) => b.question === band.key).map((b) => b.option);
    if (chosen.length > 0) lines.push(bandLine(band, band.key, chosen));
  }
  if (query.q) lines.push(`Suche: „${normalizeLine(query.q)}“`);
  return lines;
}

/** The file's name: the fields, then each filter's key and the search, as safe ASCII. */
function filenameStem(process: ProcessRow, fieldsInName: string, query: QuotesExportQuery, day: string): string {
  const parts = [
    `mitreden-${process.slug}-zitate-${fieldsInName}`,
    query.stadtteil ?? query.district,
    query.channel,
    query.kind,
    query.language,
    ...(query.band ?? []).map((band) => band.option),
  ].filter((part): part is string => Boolean(part));
  let stem = parts.join('-');
  const search = query.q ? asciiSlug(query.q) : '';
  if (query.q) stem += search ? `-suche-${search}` : '-suche';
  return `${stem.slice(0, MAX_STEM).replace(/-+$/, '')}-${day}`;
}

/**
 * The download's plan: the page's checks (a 403 for another field, a 400 for an unknown place,
 * band or a search FTS5 cannot read, a 422 for too few people), then the file's name and notes.
 */
export function quoteExportPlan(db: Db, { process, user, query }: QuoteExportArgs): QuoteExportPlan {
  const selection = quoteSelection(db, process, user, query);
  // A search is checked by running it: its 400 comes before the download starts, not in its middle.
  if (selection.fields.length > 0 && selection.scope.search) withSearch(selection.scope.search, () => repo.readQuotes(db, selection.scope, 1, 0));
  const { scopeLabel, inName } = fieldScope(selection.parts, selection.fields, query.field);
  const exportedOn = localDay();
  const filter: Record<string, string> = {};
  for (const key of ['field', 'district', 'stadtteil', 'channel', 'kind', 'language', 'q'] as const) {
    const value = query[key];
    if (value) filter[key] = value;
  }
  if (query.band?.length) filter.band = query.band.map((band) => `${band.question}:${band.option}`).join(',');
  return {
    processTitle: process.title.de,
    scopeLabel,
    selection: describe(selection, query),
    filter,
    exportedOn,
    threshold: process.suppressionThreshold,
    filenameStem: filenameStem(process, inName, query, exportedOn),
  };
}

/**
 * The notes of the workbook's sheet „Hinweise“, a line each: what it holds, which filters and
 * search made it, its columns and the rule for small groups. The CSV is a table and nothing else:
 * its name says the selection.
 */
export function quoteNotes(plan: QuoteExportPlan, count: number): string[] {
  return [
    `Mitreden – Zitate: ${plan.scopeLabel}`,
    `Beteiligungsprozess: ${plan.processTitle}`,
    `Stand: ${germanDate(plan.exportedOn)}`,
    `Auswahl auf der Seite „Zitate“: ${plan.selection.length > 0 ? '' : 'alle Zitate, ohne Filter und ohne Suche'}`.trimEnd(),
    ...plan.selection.map((line) => `  ${line}`),
    `Zitate in dieser Datei: ${count} – die ganze Auswahl, nicht nur eine Seite; geordnet wie auf der Seite: nach Handlungsfeld, bei einer Suche die besten Treffer zuerst, sonst die neuesten zuerst.`,
    'Spalten',
    ...columnNotes(plan.threshold),
    'Schutz kleiner Gruppen',
    `  Nach Ort oder Angaben der Befragten lässt sich nur filtern, wenn mindestens ${plan.threshold} Personen übrig bleiben (bei Angaben auch außerhalb von ihnen).`,
  ];
}

/** The selection's quotes as the exports print them, in the page's order. */
function* quoteRows(db: Db, { process, user, query }: QuoteExportArgs): Generator<ExportRow> {
  const selection = quoteSelection(db, process, user, query);
  const { fields, parts, scope } = selection;
  if (fields.length === 0) return;
  // Places are named as precisely as the page names them: by the tables of the whole list the caller may read.
  const nameArea = placeNamer(db, resolveScope(db, process, user, query.field ? { field: query.field } : {}));
  const labelOf = new Map(parts.fields.filter((f) => fields.includes(f.key)).map((f) => [f.key, f.label.de]));
  const order = new Map(parts.fields.map((f) => [f.key, f.sortOrder]));
  for (const row of repo.iterateQuotes(db, scope)) {
    // The quote's fields in the process's order, as the page lists them.
    const fieldKeys = (row.fields?.split(',') ?? []).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)).join(',');
    yield presentExportRow({ ...row, fields: fieldKeys }, nameArea(row.stadtteilKey, row.fields?.split(',') ?? []), labelOf);
  }
}

/** The selection's quotes, one by one. */
export function* quoteExportRows(db: Db, args: QuoteExportArgs): Generator<ExportRow> {
  yield* quoteRows(db, args);
}

/**
 * The selection's CSV file, like every CSV of the exports a table and nothing else: the header
 * line, then one quote per line, in chunks of bytes made on the read worker.
 */
export function* quoteExportCsv(db: Db, args: QuoteExportArgs): Generator<CsvChunk> {
  yield* contributionCsv(quoteRows(db, args));
}
