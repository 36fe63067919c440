// The export files, each streamed: rows come batch by batch from one statement on a read worker,
// go through a stringifier (csv-stringify, exceljs' streaming writer, pdfkit, archiver) and out
// to the response, so no file is ever built whole in memory. exceljs, archiver and the PDF writer
// (pdfkit, its fonts, bidi-js) load on the first export that needs them, not with the server: an
// idle server and a CSV download do without their tens of MiB.
import { PassThrough, Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ExportFormat } from '../../../shared/api/results.ts';
import { drained, isCancellation } from './backpressure.ts';
import { HashingStream } from './results.audit.ts';
import type { ExportRow } from './results.presenter.ts';
import { columnNotes, contributionCells, CONTRIBUTION_COLUMNS, CSV_OPTIONS, neutralizeFormula, type CsvChunk } from './results.csv.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import type ExcelJS from 'exceljs';
import { germanDate, selectionNotes, type CountCell, type ExportArgs, type ExportPlan, type ExportTable, type ExportTables, type TableValue, type WithheldReason } from './results.export-data.ts';

export { neutralizeFormula } from './results.csv.ts';

const COLUMNS = CONTRIBUTION_COLUMNS;
const rowCells = contributionCells;

/** Everything an export file holds: the plan, the contributions as a stream, the tables on demand. */
export interface ExportSource {
  plan: ExportPlan;
  /** The contributions, oldest first, from one streaming read; with `onlyField` those under that field. A new iteration each call. */
  rows: (onlyField?: string) => AsyncGenerator<ExportRow>;
  /** The contributions' CSV file as bytes, made where they are read. A new iteration each call. */
  csv: () => AsyncGenerator<CsvChunk>;
  /** The count tables, the dot votes and the method facts; read once, when a format first needs them (never before a CSV's first byte). */
  tables: () => Promise<ExportTables>;
  filename: (extension: string) => string;
  /** Contributions written so far: those of a whole iteration, or the sum over the fields when only those ran (the PDF). */
  rowCount: () => number;
}

/** An export source over the read workers. */
export function readSource(reads: ReadPool, args: ExportArgs, plan: ExportPlan): ExportSource {
  let tables: Promise<ExportTables> | undefined;
  let whole = 0;
  let byField = 0;
  return {
    plan,
    async *rows(onlyField) {
      let count = 0;
      try {
        for await (const row of reads.stream('exportRows', { ...args, onlyField })) {
          count += 1;
          yield row;
        }
      } finally {
        if (onlyField) byField += count;
        else whole = Math.max(whole, count);
      }
    },
    async *csv() {
      let count = 0;
      try {
        for await (const chunk of reads.stream('exportCsv', args)) {
          count += chunk.rows;
          yield chunk;
        }
      } finally {
        whole = Math.max(whole, count);
      }
    },
    tables: () => (tables ??= reads.call('exportTables', args)),
    filename: (extension) => `${plan.filenameStem}.${extension}`,
    rowCount: () => whole || byField,
  };
}

const csvOptions = CSV_OPTIONS;

async function* csvBytes(source: ExportSource): AsyncGenerator<Uint8Array> {
  for await (const chunk of source.csv()) yield chunk.bytes;
}

/**
 * The contributions, one per line, and nothing else: a table that any CSV reader takes as it is.
 * The read worker writes the text; here its bytes only pass on, as fast as the reader takes them.
 */
export async function writeCsv(source: ExportSource, out: Writable): Promise<void> {
  await pipeline(Readable.from(csvBytes(source), { objectMode: false }), out);
}

const REASONS: Readonly<Record<WithheldReason, string>> = {
  below_threshold: 'weniger als die Schwelle',
  secondary: 'aus Summen errechenbar',
};

/** A table's header line: a count column is followed by the column that says why a count is withheld. */
function tableHeader(table: ExportTable): string[] {
  return table.columns.flatMap((column) => (column.kind === 'count' ? [column.header, `${column.header} – nicht genannt, weil`] : [column.header]));
}

/** Each column of a table's header line by its kind (a count's reason column is `text`). */
function tableKinds(table: ExportTable): Array<ExportTable['columns'][number]['kind']> {
  return table.columns.flatMap((column) => (column.kind === 'count' ? (['count', 'text'] as const) : [column.kind]));
}

/** A day (YYYY-MM-DD) as the workbook's date: midnight UTC, which exceljs writes as that day's serial number. */
function dayCell(day: string): Date | string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date;
}

/** A table's line as both spreadsheets write it: counts as numbers, a withheld count empty with its reason beside it. */
function tableLine(table: ExportTable, line: TableValue[]): Array<string | number | null> {
  return table.columns.flatMap((column, i) => {
    const value = line[i] ?? null;
    if (column.kind === 'count') {
      const cell = value as CountCell | null;
      return cell === null ? [null, null] : [cell.count, cell.reason ? REASONS[cell.reason] : null];
    }
    return [typeof value === 'string' ? neutralizeFormula(value) : (value as number | null)];
  });
}

/**
 * A number as a CSV cell in German, the files' convention (`;` between cells): a decimal comma, so
 * Excel in German and `readr::read_csv2` read a median of 2.5 as 2,5 — not as the 2nd of May or as 25.
 */
const csvCell = (value: string | number | null): string | number | null => (typeof value === 'number' && !Number.isInteger(value) ? String(value).replace('.', ',') : value);

/** A share in a CSV: four decimals (0,4444 for 8 of 18), enough for a percentage with two. */
const csvShare = (value: string | number | null) => (typeof value === 'number' ? Math.round(value * 10_000) / 10_000 : value);

/** A small table as a CSV file (the tables have a few hundred lines at most). */
function tableCsv(table: ExportTable): Promise<string> {
  const kinds = tableKinds(table);
  const line = (values: Array<string | number | null>) => values.map((value, i) => csvCell(kinds[i] === 'share' ? csvShare(value) : value));
  return new Promise((resolve, reject) => {
    stringify([tableHeader(table), ...table.rows.map((values) => line(tableLine(table, values)))], csvOptions, (error, output) => (error ? reject(error) : resolve(output)));
  });
}

/** A table's sheet in the workbook: its title, cut to the 31 characters a sheet's name may have. */
const sheetName = (table: ExportTable): string => table.title.slice(0, 31);

/**
 * The notes on the export: what each part holds, its columns, the rule for small numbers. The
 * ZIP's README.txt speaks of its files; the workbook's sheet „Hinweise“ of the workbook's sheets.
 */
export function readme(source: ExportSource, tables: ExportTables, within: 'zip' | 'workbook'): string {
  const { plan } = source;
  const zip = within === 'zip';
  const lines = [
    `Mitreden – Auswertung: ${plan.scopeLabel}`,
    `Beteiligungsprozess: ${plan.processTitle}`,
    `Stand: ${germanDate(plan.exportedOn)}`,
    ...selectionNotes(plan),
    '',
    ...(zip
      ? ['Alle CSV-Dateien: UTF-8 mit Byte-Order-Mark, Semikolon als Trennzeichen, Komma vor den Nachkommastellen (2,5), Zeilenende CRLF, erste Zeile Spaltennamen.', 'Sie lassen sich so in Excel, LibreOffice, R (readr::read_csv2) oder SPSS öffnen.']
      : ['Jedes Blatt dieser Arbeitsmappe hat in der ersten Zeile die Spaltennamen, mit einem Filter; Zählungen stehen als Zahlen in den Zellen.']),
    '',
    zip ? `${source.filename('csv')}` : 'Blatt „Beiträge“',
    '  Die Beiträge, ein Beitrag je Zeile, älteste zuerst.',
    ...columnNotes(plan.threshold),
    '',
    ...tables.tables.flatMap((table) => [
      zip ? `${table.name}.csv – ${table.title}` : `Blatt „${sheetName(table)}“${sheetName(table) === table.title ? '' : ` – ${table.title}`}`,
      `  ${table.description}`,
      `  Spalten: ${tableHeader(table).join(' | ')}`,
      '',
    ]),
    ...(zip ? [`${source.filename('xlsx')}, ${source.filename('pdf')}`, '  Dieselben Tabellen als Arbeitsmappe (ein Blatt je Tabelle, mit Filter) und als lesbarer Bericht.', ''] : []),
    'Kleine Zahlen',
    // One line, as every paragraph here: each line is a row of the sheet „Hinweise“.
    `  Jede Zahl unter ${plan.threshold} (auch 0) wird nicht genannt; ebenso jede Zahl, aus der sich zusammen mit einer Summe eine so kleine Zahl errechnen ließe. Eine solche Zelle ist leer; die Spalte daneben („… – nicht genannt, weil“) sagt, warum: „${REASONS.below_threshold}“ oder „${REASONS.secondary}“. Eine Zählspalte enthält nie Text. Ergeben die genannten Zahlen schon die ganze Summe, sind die nicht genannten daneben 0; eine kleine Zahl über 0 lässt sich nicht errechnen.`,
  ];
  return lines.join('\r\n') + '\r\n';
}

/**
 * Every sheet printed sideways, all its columns on the width of one page (as many pages down as it
 * takes): without it LibreOffice and Excel print the contributions upright over four pages side by
 * side, a quote's number on another page than its text.
 */
const PRINTED_TABLE: Partial<ExcelJS.PageSetup> = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };

/** The widest a table's column is made, in characters; longer text wraps inside it. */
export const MAX_COLUMN_WIDTH = 60;

/**
 * A table sheet's column as wide as its longest text (header included, two characters to spare,
 * at least 10, the filter button's room), so a question or a place is read whole and not cut off
 * by the next column; text longer than `MAX_COLUMN_WIDTH` wraps inside the cell; every cell is top-aligned.
 */
function columnLayout([header, ...values]: Array<string | number | null>): Partial<ExcelJS.Column> {
  const longest = Math.max(String(header).length, ...values.map((value) => (value === null ? 0 : String(value).length)));
  const width = Math.min(MAX_COLUMN_WIDTH, Math.max(10, longest + 2));
  // Every cell top-aligned, not only the wrapped ones: beside a question over two lines a count at the bottom and its label at the top read as two rows.
  return { header: String(header), width, style: { alignment: { vertical: 'top', ...(longest + 2 > MAX_COLUMN_WIDTH ? { wrapText: true } : {}) } } };
}

/** The width of the notes' one column, in characters: a landscape page's line at the default font. */
const NOTES_WIDTH = 110;

/** A line's height in a sheet, in points (Excel's default is 15). */
const LINE_HEIGHT = 15;

const CONTRIBUTION_WIDTHS = COLUMNS.map((column) => column.width);

/**
 * A row's height for the lines its longest wrapped cell takes at the columns' widths (a width of
 * n holds about n digits; letters are narrower, but LibreOffice without Calibri sets them wider,
 * so a line is taken to hold 85 % of that). Neither Excel nor LibreOffice grows a row for
 * wrapped text when it opens a file, so a row without its height shows its lines over the next rows.
 */
export function rowHeight(cells: ReadonlyArray<string | number | null>, widths: readonly number[]): number {
  const lines = cells.map((value, i) =>
    typeof value === 'string' && value.length + 2 > widths[i]! ? value.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / Math.floor(widths[i]! * 0.85))), 0) : 1,
  );
  return LINE_HEIGHT * Math.max(1, ...lines);
}

type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;

/** A streaming workbook into `out`, as every export's workbook is written. */
export async function streamingWorkbook(out: Writable): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Mitreden';
  return workbook;
}

/** A sheet of contributions, one a row with the export's columns, a filter on its header, committed row by row. */
export async function addContributionSheet(workbook: Workbook, name: string, rows: AsyncIterable<ExportRow>, out: Writable): Promise<void> {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PRINTED_TABLE });
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, key: column.key, width: column.width, style: { alignment: { wrapText: true, vertical: 'top' } } }));
  sheet.getRow(1).font = { bold: true };
  let count = 1;
  for await (const row of rows) {
    const cells = rowCells(row);
    const added = sheet.addRow(cells);
    added.height = rowHeight(cells, CONTRIBUTION_WIDTHS);
    added.commit();
    count += 1;
    await drained(out);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: count, column: COLUMNS.length } };
  sheet.commit();
}

/**
 * The sheet „Hinweise“: the notes wrap inside one column as wide as the printed page, each row as
 * tall as its lines. The lines are the export's own words; whatever a caller typed (a search)
 * stands inside them, never at a line's start, so no line can run as a formula.
 */
export function addNotesSheet(workbook: Workbook, lines: readonly string[]): void {
  const notes = workbook.addWorksheet('Hinweise', { pageSetup: PRINTED_TABLE });
  notes.columns = [{ width: NOTES_WIDTH, style: { alignment: { wrapText: true, vertical: 'top' } } }];
  for (const line of lines) {
    const added = notes.addRow([line]);
    added.height = rowHeight([line], [NOTES_WIDTH]);
    added.commit();
  }
  notes.commit();
}

/** Commits the workbook; exceljs waits for a 'finish' that never comes when the client has left: the end of `out` settles it either way. */
export async function commitWorkbook(workbook: Workbook, out: Writable): Promise<void> {
  await Promise.all([workbook.commit(), finished(out, { readable: false })]);
}

/** One sheet of contributions and one per table, each with a filter on its header; exceljs' streaming writer commits row by row. */
export async function writeXlsx(source: ExportSource, out: Writable): Promise<void> {
  const workbook = await streamingWorkbook(out);
  await addContributionSheet(workbook, 'Beiträge', source.rows(), out);
  const { tables } = await source.tables();
  for (const table of tables) {
    const header = tableHeader(table);
    const lines = table.rows.map((line) => tableLine(table, line));
    const page = workbook.addWorksheet(sheetName(table), { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PRINTED_TABLE });
    const kinds = tableKinds(table);
    // A share is as wide as it shows („44 %“), not as its fraction's digits.
    page.columns = header.map((title, i) => columnLayout([title, ...lines.map((line) => (kinds[i] === 'share' && line[i] !== null ? '100 %' : (line[i] ?? null)))]));
    page.getRow(1).font = { bold: true };
    const widths = page.columns.map((column) => column.width!);
    // A day is a date cell (sortable, filterable by month in the sheet's filter), shown as German readers write it.
    const days = kinds.flatMap((kind, i) => (kind === 'date' ? [i] : []));
    for (const i of days) page.getColumn(i + 1).numFmt = 'dd.mm.yyyy';
    // A share is the number itself (8 of 18 is 0.444…, so Excel can compute with it), shown as a whole percentage like the page's.
    for (const [i, kind] of kinds.entries()) if (kind === 'share') page.getColumn(i + 1).numFmt = '0%';
    for (const line of lines) {
      const added = page.addRow(line.map((value, i) => (days.includes(i) && typeof value === 'string' ? dayCell(value) : value)));
      added.height = rowHeight(line, widths);
      added.commit();
    }
    page.autoFilter = { from: { row: 1, column: 1 }, to: { row: table.rows.length + 1, column: header.length } };
    page.commit();
    await drained(out);
  }
  addNotesSheet(workbook, readme(source, await source.tables(), 'workbook').split('\r\n'));
  await commitWorkbook(workbook, out);
}

/** Writes one entry of an archive and waits until the archive took it in. */
type Entry = (name: string, write: (out: Writable) => Promise<void>) => Promise<void>;

/**
 * An archive written entry after entry into `out`. When the response closes midway (the client
 * left), the entry being written closes too, so its writer stops; every step races the archive's
 * own pipeline, which therefore never rejects unobserved.
 */
export async function writeArchive(out: Writable, fill: (entry: Entry) => Promise<void>): Promise<void> {
  const { ZipArchive } = await import('archiver');
  const archive = new ZipArchive({ zlib: { level: 6 } });
  let current: PassThrough | undefined;
  const written = pipeline(archive, out);
  const stopped = new Promise<never>((_resolve, reject) =>
    written.catch((error: unknown) => {
      current?.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    }),
  );
  const step = <T>(work: Promise<T>) => Promise.race([work, stopped]);
  try {
    await fill(async (name, write) => {
      current = new PassThrough();
      archive.append(current, { name });
      await step(write(current));
    });
    await step(archive.finalize());
    await step(written);
  } catch (error) {
    current?.destroy();
    archive.abort();
    await written.catch(() => undefined);
    throw error;
  }
}

const text = (content: string) => async (out: Writable) => {
  out.end(content);
  await finished(out);
};

/** The readable PDF summary (./results.pdf.ts), loaded with pdfkit on the first PDF asked for. */
async function writePdf(source: ExportSource, out: Writable): Promise<void> {
  const pdf = await import('./results.pdf.ts');
  await pdf.writePdf(source, out);
}

/** README.txt, one CSV per table (the contributions first), then the workbook and the PDF. */
export async function writeZip(source: ExportSource, out: Writable): Promise<void> {
  await writeArchive(out, async (entry) => {
    const tables = await source.tables();
    await entry('README.txt', text(readme(source, tables, 'zip')));
    await entry(source.filename('csv'), (to) => writeCsv(source, to));
    for (const table of tables.tables) await entry(`${table.name}.csv`, text(await tableCsv(table)));
    await entry(source.filename('xlsx'), (to) => writeXlsx(source, to));
    await entry(source.filename('pdf'), (to) => writePdf(source, to));
  });
}

export const EXPORTS: Readonly<Record<ExportFormat, { contentType: string; write: (source: ExportSource, out: Writable) => Promise<void> }>> = {
  csv: { contentType: 'text/csv; charset=utf-8', write: writeCsv },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', write: writeXlsx },
  pdf: { contentType: 'application/pdf', write: writePdf },
  zip: { contentType: 'application/zip', write: writeZip },
};

/** How an export ended, for the audit log: bytes and SHA-256 of what was written. */
export interface ExportOutcome {
  bytes: number;
  sha256: string;
  completed: boolean;
  failed: boolean;
}

/**
 * Starts writing an export into a stream for the response, hashing it on the way. Every failure
 * is settled here, inside its request: a download the client cancelled stops the writer and is
 * noted; a failure of the export itself is logged and ends the download visibly broken, never
 * half-silent. `ended` hears how it went, once, in every case.
 */
export function streamExport(
  write: (out: Writable) => Promise<void>,
  log: { cancelled: () => void; failed: (error: unknown) => void; ended: (outcome: ExportOutcome) => void },
): Readable {
  const out = new HashingStream();
  const end = (completed: boolean, failed: boolean) => log.ended({ bytes: out.bytes, sha256: out.digest(), completed, failed });
  write(out).then(
    () => end(true, false),
    (error: unknown) => {
      if (out.destroyed && isCancellation(error)) {
        log.cancelled();
        end(false, false);
        return;
      }
      log.failed(error);
      end(false, true);
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return out;
}
