// The contributions' CSV as text, made where the rows are read (on a read worker): quoting by
// csv-stringify, every text cell neutralised against formulas, in chunks of bytes that move to
// the event loop without copying, so the server's thread only passes bytes on.
import { stringify } from 'csv-stringify/sync';
import { normalizeFreeText } from '../../../shared/text/normalize.ts';
import { NO_KIND_LABELS, type ExportRow } from './results.presenter.ts';

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

/** UTF-8 with a byte-order mark and semicolons, the way Excel in German opens a CSV with its umlauts intact. */
export const CSV_OPTIONS = { bom: true, delimiter: ';', record_delimiter: 'windows' } as const;

export const CONTRIBUTION_COLUMNS: ReadonlyArray<{ header: string; key: keyof ExportRow; width: number }> = [
  { header: 'Monat', key: 'month', width: 10 },
  { header: 'Handlungsfeld', key: 'fields', width: 24 },
  { header: 'Art', key: 'kind', width: 22 },
  { header: 'Kanal', key: 'channel', width: 17 },
  { header: 'Sprache', key: 'language', width: 14 },
  { header: 'Ort', key: 'area', width: 18 },
  { header: 'Beitrag', key: 'text', width: 60 },
  { header: 'Deutsche Fassung', key: 'german', width: 40 },
  { header: 'Zitat-Nr.', key: 'citeId', width: 10 },
];

/**
 * What each column of the contributions holds, a line each, indented under the part that lists them:
 * a line is a row of the workbooks' sheet „Hinweise“, so a sentence broken over lines read there as
 * rows cut off mid-sentence.
 */
export function columnNotes(threshold: number): string[] {
  return [
    '  Monat: Monat des Beitrags (JJJJ-MM); kein Tag, damit niemand erkennbar wird.',
    '  Handlungsfeld: die bestätigten Handlungsfelder, mit „; “ getrennt.',
    `  Art: Idee, Anliegen, Frage oder Lob, wie das Team die Notiz vom Marktstand, von einer Konferenz oder Arbeitsgruppe einordnete; „${NO_KIND_LABELS.note}“, wenn es keine Art wählte; „${NO_KIND_LABELS.response}“ bei Freitext aus einem Online- oder Papierfragebogen, der keine Art kennt.`,
    '  Kanal, Sprache: woher der Beitrag kommt und in welcher Sprache er geschrieben ist.',
    `  Ort: der Stadtteil, wenn mindestens ${threshold} Beiträge aus ihm kommen, sonst der Stadtbezirk, sonst leer; beides nur, wo die Tabellen nach Ort und Handlungsfeld die Zahl nennen, damit sich durch Abzählen nach Ort keine verdeckte Zahl ergibt.`,
    '  Beitrag: der Text; persönliche Angaben sind durch Platzhalter wie „[E-Mail entfernt]“ ersetzt.',
    '  Deutsche Fassung: bei einem Beitrag in einer anderen Sprache die deutsche Übersetzung des Moderationsteams, ebenso geschützt; sonst leer.',
    '  Zitat-Nr.: die feste Nummer des Beitrags (z. B. B-1042), dieselbe wie bei den Zitaten auf der Seite „Auswertung“.',
  ];
}

/** A contribution's cells as every file writes them. */
export const contributionCells = (row: ExportRow) => CONTRIBUTION_COLUMNS.map((column) => neutralizeFormula(row[column.key]));

/** A part of the CSV file: its bytes and how many contributions they hold. */
export interface CsvChunk {
  bytes: Uint8Array;
  rows: number;
}

/**
 * Contributions per chunk: about 75 KB of text. Few enough messages that passing them costs
 * little; small enough that a chunk's rows die young in the worker and the chunks waiting for
 * the event loop's garbage collector stay few (1,000 rows, 300 KB, peaked 15 MiB higher).
 */
const ROWS_PER_CHUNK = 250;

/**
 * The contributions' CSV file in chunks (the first with the byte-order mark and the header line);
 * put together they are the same bytes as one csv-stringify stream over all rows. Each chunk's
 * bytes have a buffer of their own, so they can be transferred to another thread.
 */
export function* contributionCsv(rows: Iterable<ExportRow>): Generator<CsvChunk> {
  const encoder = new TextEncoder();
  let records: string[][] = [CONTRIBUTION_COLUMNS.map((column) => column.header)];
  let first = true;
  const chunk = (): CsvChunk => {
    const text = stringify(records, { ...CSV_OPTIONS, bom: first });
    const counted = first ? records.length - 1 : records.length;
    first = false;
    records = [];
    return { bytes: encoder.encode(text), rows: counted };
  };
  for (const row of rows) {
    records.push(contributionCells(row));
    if (records.length >= ROWS_PER_CHUNK) yield chunk();
  }
  if (records.length > 0) yield chunk();
}
