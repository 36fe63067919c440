// The admins' response-level data as files: a workbook with a data sheet and a codebook sheet,
// or a ZIP with the data as CSV, the codebook as CSV and a README. Streamed like the other exports.
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { drained } from './backpressure.ts';
import { neutralizeFormula, writeArchive } from './results.exports.ts';
import { NO_ANSWER_CODE, type CodebookEntry, type ResponseData } from './results.response-data.ts';

export const RESPONSE_FORMATS = ['xlsx', 'zip'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

/** The data rows, counted, with text cells made safe for spreadsheets. */
export interface ResponseSource {
  data: ResponseData;
  rows: () => AsyncGenerator<Array<string | number | null>>;
  rowCount: () => number;
}

const CODEBOOK_HEADER = ['Variable', 'Bezeichnung', 'Frage', 'Typ', 'Codes'];
const codebookLine = (entry: CodebookEntry) => [entry.variable, entry.label, entry.question, entry.type, entry.codes].map(neutralizeFormula);
const safe = (row: Array<string | number | null>) => row.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell) : cell));

const csvOptions = { bom: true, delimiter: ';', record_delimiter: 'windows' } as const;

export async function writeResponsesXlsx(source: ResponseSource, out: Writable): Promise<void> {
  const { default: ExcelJS } = await import('exceljs'); // on first use: the server does without it until then
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Mitreden';
  const sheet = workbook.addWorksheet('Daten', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.columns = source.data.columns.map((variable) => ({ header: variable, width: Math.max(8, Math.min(30, variable.length + 2)) }));
  sheet.getRow(1).font = { bold: true };
  let rows = 1;
  for await (const row of source.rows()) {
    sheet.addRow(safe(row)).commit();
    rows += 1;
    await drained(out);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows, column: source.data.columns.length } };
  sheet.commit();
  const codebook = workbook.addWorksheet('Codebuch', { views: [{ state: 'frozen', ySplit: 1 }] });
  codebook.columns = [{ width: 34 }, { width: 60 }, { width: 24 }, { width: 22 }, { width: 90 }].map((column, i) => ({ ...column, header: CODEBOOK_HEADER[i] }));
  codebook.getRow(1).font = { bold: true };
  for (const entry of source.data.codebook) codebook.addRow(codebookLine(entry)).commit();
  codebook.autoFilter = { from: { row: 1, column: 1 }, to: { row: source.data.codebook.length + 1, column: CODEBOOK_HEADER.length } };
  codebook.commit();
  await Promise.all([workbook.commit(), finished(out, { readable: false })]);
}

async function* dataRecords(source: ResponseSource): AsyncGenerator<Array<string | number | null>> {
  yield source.data.columns;
  for await (const row of source.rows()) yield safe(row);
}

const README = [
  'Mitreden – Fragebogen-Daten (nur für Administratorinnen und Administratoren)',
  '',
  'daten.csv: ein Fragebogen je Zeile, eine Spalte je geschlossener Frage. Mehrfachauswahl: eine 0/1-Spalte je Option',
  '(Frage_Option); Rangfolge: eine Spalte je Option mit ihrem Platz (1 = am wichtigsten). Leer: nicht gezeigt oder nicht beantwortet.',
  `Skalen: die Stufe; „keine Angabe“ = ${NO_ANSWER_CODE} (als fehlender Wert zu deklarieren).`,
  'Freitexte stehen nicht hier: sie sind Beiträge (maskiert und moderiert) in der Beitrags-Ausfuhr.',
  'codebuch.csv: jede Spalte mit Bezeichnung, Frage, Typ und Codes.',
  '',
  'UTF-8 mit Byte-Order-Mark, Semikolon als Trennzeichen. R: readr::read_csv2("daten.csv"); SPSS: GET DATA /TYPE=TXT mit DELIMITERS=";".',
  'Die Daten sind nicht unterdrückt: nur für die Auswertung, nicht zur Veröffentlichung.',
].join('\r\n');

export async function writeResponsesZip(source: ResponseSource, out: Writable): Promise<void> {
  await writeArchive(out, async (entry) => {
    await entry('README.txt', async (to) => {
      to.end(`${README}\r\n`);
      await finished(to);
    });
    await entry('daten.csv', (to) => pipeline(Readable.from(dataRecords(source)), stringify(csvOptions), to));
    await entry('codebuch.csv', (to) => pipeline(Readable.from([CODEBOOK_HEADER, ...source.data.codebook.map(codebookLine)]), stringify(csvOptions), to));
  });
}

export const RESPONSE_EXPORTS: Readonly<Record<ResponseFormat, { contentType: string; write: (source: ResponseSource, out: Writable) => Promise<void> }>> = {
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', write: writeResponsesXlsx },
  zip: { contentType: 'application/zip', write: writeResponsesZip },
};
