// The export files, each streamed: rows come page by page from the repo, go through a
// stringifier (csv-stringify, exceljs' streaming writer, pdfkit, archiver) and out to the
// response, so no file is ever built whole in memory.
import { PassThrough, Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ExportFormat } from '../../../shared/api/results.ts';
import { suppressionNote } from '../../../shared/results/labels.ts';
import { formatCell } from '../../../shared/results/suppress.ts';
import { drained, isCancellation } from './backpressure.ts';
import { normalizeFreeText } from '../../../shared/text/normalize.ts';
import { writePdf } from './results.pdf.ts';
import type { ExportRow } from './results.presenter.ts';
import type { ExportSource } from './results.service.ts';

/**
 * How a cell may start and still be run as a formula: `=`, `+`, `-`, `@` (or their full-width
 * forms), also behind characters nobody sees — controls, format characters such as U+200B,
 * U+2060, U+FEFF, U+061C and the bidi controls, spaces — and a leading tab or CR.
 */
const FORMULA_START = /^[\p{Cc}\p{Cf}\p{Z}\s]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/u;

/**
 * Spreadsheet programs run a cell that starts like a formula, even from a CSV file; a leading
 * apostrophe makes it plain text ("CSV injection"). The text is first put in the form every
 * write path stores (`normalizeFreeText`), so a row stored before that carries no control or
 * bidi override character into a file either.
 */
export function neutralizeFormula(value: string): string {
  const text = normalizeFreeText(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const COLUMNS: ReadonlyArray<{ header: string; key: keyof ExportRow; width: number }> = [
  { header: 'Monat', key: 'month', width: 10 },
  { header: 'Handlungsfeld', key: 'fields', width: 30 },
  { header: 'Art', key: 'kind', width: 10 },
  { header: 'Kanal', key: 'channel', width: 22 },
  { header: 'Sprache', key: 'language', width: 14 },
  { header: 'Ort', key: 'area', width: 18 },
  { header: 'Beitrag', key: 'text', width: 90 },
  { header: 'Zitat-Nr.', key: 'citeId', width: 10 },
];

const rowCells = (row: ExportRow) => COLUMNS.map((column) => neutralizeFormula(row[column.key]));

/** The suppressed count tables, line by line, as both spreadsheets print them; numbers stay numbers. */
function countLines(source: ExportSource): Array<Array<string | number>> {
  const show = (cell: Parameters<typeof formatCell>[0] | null) => (cell === null ? '' : cell.suppressed ? formatCell(cell, source.threshold) : cell.count);
  const lines: Array<Array<string | number>> = [];
  for (const table of source.tables) {
    lines.push([`Anzahlen nach ${table.dimensionLabel}`], [table.dimensionLabel, 'Beiträge', 'Fragebögen']);
    for (const row of table.rows) lines.push([row.label, show(row.contributions), show(row.responses)]);
    lines.push(['Gesamt', show(table.total.contributions), show(table.total.responses)], []);
  }
  lines.push([suppressionNote(source.threshold)]);
  lines.push(['Fragebögen: Antworten der Befragung (online und auf Papier) mit mindestens einer Antwort zu diesen Handlungsfeldern, nach selbst angegebenem Stadtteil.']);
  return lines.map((line) => line.map((value) => (typeof value === 'string' ? neutralizeFormula(value) : value)));
}

async function* csvRecords(source: ExportSource): AsyncGenerator<Array<string | number>> {
  yield COLUMNS.map((column) => column.header);
  for await (const row of source.rows()) yield rowCells(row);
  yield [];
  yield* countLines(source);
}

/** UTF-8 with a byte-order mark and semicolons, the way Excel in German opens a CSV with its umlauts intact. */
export async function writeCsv(source: ExportSource, out: Writable): Promise<void> {
  await pipeline(Readable.from(csvRecords(source)), stringify({ bom: true, delimiter: ';', record_delimiter: 'windows' }), out);
}

/** One sheet of contributions, one of counts; exceljs' streaming writer commits row by row. */
export async function writeXlsx(source: ExportSource, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Mitreden';
  const sheet = workbook.addWorksheet('Beiträge', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, key: column.key, width: column.width, style: { alignment: { wrapText: true, vertical: 'top' } } }));
  sheet.getRow(1).font = { bold: true };
  for await (const row of source.rows()) {
    sheet.addRow(rowCells(row)).commit();
    await drained(out);
  }
  sheet.commit();
  const counts = workbook.addWorksheet('Anzahlen');
  counts.columns = [{ width: 34 }, { width: 12 }, { width: 12 }];
  for (const line of countLines(source)) {
    const row = counts.addRow(line);
    if (line.length === 1 || line[1] === 'Beiträge') row.font = { bold: line[1] === 'Beiträge' || String(line[0]).startsWith('Anzahlen') };
    row.commit();
  }
  counts.commit();
  // exceljs waits for a 'finish' that never comes when the client has left: the end of `out` settles it either way.
  await Promise.all([workbook.commit(), finished(out, { readable: false })]);
}

/** The CSV, the workbook and the PDF in one archive, written one after the other. */
export async function writeZip(source: ExportSource, out: Writable): Promise<void> {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  let entry: PassThrough | undefined;
  // When the response closes midway (the client left), the entry being written closes too, so its
  // writer stops; every step races this promise, which therefore never rejects unobserved.
  const written = pipeline(archive, out);
  const stopped = new Promise<never>((_resolve, reject) =>
    written.catch((error: unknown) => {
      entry?.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    }),
  );
  const step = <T>(work: Promise<T>) => Promise.race([work, stopped]);
  try {
    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      entry = new PassThrough();
      archive.append(entry, { name: source.filename(format) });
      await step(EXPORTS[format].write(source, entry));
    }
    await step(archive.finalize());
    await step(written);
  } catch (error) {
    entry?.destroy();
    archive.abort();
    await written.catch(() => undefined);
    throw error;
  }
}

export const EXPORTS: Readonly<Record<ExportFormat, { contentType: string; write: (source: ExportSource, out: Writable) => Promise<void> }>> = {
  csv: { contentType: 'text/csv; charset=utf-8', write: writeCsv },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', write: writeXlsx },
  pdf: { contentType: 'application/pdf', write: writePdf },
  zip: { contentType: 'application/zip', write: writeZip },
};

/**
 * Starts writing an export into a stream for the response. Every failure is settled here, inside
 * its request: a download the client cancelled stops the writer and is noted; a failure of the
 * export itself is logged and ends the download visibly broken, never half-silent.
 */
export function streamExport(format: ExportFormat, source: ExportSource, log: { cancelled: () => void; failed: (error: unknown) => void }): Readable {
  const out = new PassThrough();
  EXPORTS[format].write(source, out).catch((error: unknown) => {
    if (out.destroyed && isCancellation(error)) {
      log.cancelled();
      return;
    }
    log.failed(error);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}
