import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { RTL_LANGUAGES } from '../../../shared/languages.ts';
import { CHOSEN_A_STEP, LANGUAGE_LABELS, suppressionNote } from '../../../shared/results/labels.ts';
import { barShare, largestPublished } from '../../../shared/results/scale.ts';
import { formatCell } from '../../../shared/results/suppress.ts';
import { decimal, percent, withheldStatisticText } from '../../../shared/results/summary.ts';
import { drained } from './backpressure.ts';
import { registerFonts, type FontName } from '../../pdf/fonts.ts';
import { drawText, type Direction } from '../../pdf/text.ts';
import type { Cell } from '../../../shared/api/results.ts';
import { germanDate, germanMonth, selectionNotes, TOTAL, type CountCell, type ExportTable, type ExportTables } from './results.export-data.ts';
import type { ExportSource } from './results.exports.ts';
import type { ExportRow } from './results.presenter.ts';

// DejaVu Sans (server/pdf/fonts.ts) covers every language of the process. pdfkit has no Unicode
// bidirectional algorithm, so the quotes, the one place where residents' text (in any language,
// with an Arabic name in a German sentence or a "[Telefon entfernt]" in an Arabic one) meets the
// page, are drawn by server/pdf/text.ts: bidi-js orders the words and the runs of a line, fontkit
// joins the Arabic letters, and a right-to-left paragraph is right-aligned. Headings and labels
// are our own German words and go through pdfkit's own line wrapping.
interface Style {
  font: FontName;
  size: number;
  color: string;
}
const TEXT: Style = { font: 'body', size: 10.5, color: '#1a1a1a' };
const MUTED: Style = { font: 'body', size: 9, color: '#555555' };
const H1: Style = { font: 'bold', size: 20, color: '#1a1a1a' };
const H2: Style = { font: 'bold', size: 14, color: '#1a1a1a' };
const H3: Style = { font: 'bold', size: 12, color: '#1a1a1a' };
const BAR = '#2f6f9f';

/** A readable German summary for a working group: what this is, the counts as bar charts, then the voices by field. */
export async function writePdf(source: ExportSource, out: Writable): Promise<void> {
  const { plan } = source;
  const tables = await source.tables();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    lang: 'de-DE',
    displayTitle: true,
    info: { Title: `Auswertung: ${plan.processTitle}`, Author: 'Mitreden', Subject: plan.scopeLabel },
  });
  registerFonts(doc);
  doc.pipe(out);

  // Every page gets its number when it is added, so pages can stream out as they fill; the
  // style of text that flows onto the new page is put back afterwards.
  let style = TEXT;
  const use = (next: Style) => {
    style = next;
    doc.font(next.font).fontSize(next.size).fillColor(next.color);
  };
  let pageNumber = 0;
  const numberPage = () => {
    pageNumber += 1;
    const { margins } = doc.page;
    const bottom = margins.bottom;
    const current = style;
    margins.bottom = 0;
    use(MUTED);
    doc.text(`Seite ${pageNumber} · ${plan.processTitle} · Stand ${germanDate(plan.exportedOn)}`, margins.left, doc.page.height - 40, {
      width: doc.page.width - margins.left - margins.right,
      align: 'center',
      lineBreak: false,
    });
    margins.bottom = bottom;
    doc.x = margins.left;
    doc.y = margins.top;
    use(current);
  };
  numberPage();
  doc.on('pageAdded', numberPage);
  const write: Pen['write'] = (next, text, options = {}) => {
    use(next);
    doc.text(text, { width: contentWidth(doc), ...options });
  };
  // A cell's text wraps within its width; `measure` says how tall it gets, so rows make room for it.
  const put: Pen['put'] = (next, text, x, y, width) => {
    use(next);
    doc.text(text, x, y, { width });
  };
  const measure: Pen['measure'] = (next, text, width) => {
    use(next);
    return doc.heightOfString(text, { width });
  };
  const quote: Pen['quote'] = (next, text, fallback) => {
    use(next);
    drawText(doc, text, contentWidth(doc), fallback);
  };
  const pen: Pen = { doc, write, put, measure, quote };

  // The title names the process; its fields are said once, in the line below.
  write(H1, `Auswertung: ${plan.processTitle}`);
  doc.moveDown(0.5);
  write(TEXT, `${plan.fields.length === 1 ? 'Handlungsfeld' : 'Handlungsfelder'}: ${plan.fields.map((field) => field.label).join(', ')}`);
  write(TEXT, `Stand: ${germanDate(plan.exportedOn)}`);
  for (const line of selectionNotes(plan)) write(TEXT, line.trim());
  doc.moveDown();
  write(H3, 'Zum Datenschutz');
  write(
    TEXT,
    'Persönliche Angaben in den Beiträgen (E-Mail-Adressen, Telefonnummern, IBANs, Anschriften und von der Moderation markierte Namen) ' +
      'sind durch Platzhalter wie „[E-Mail entfernt]“ ersetzt. Beiträge tragen nur den Monat, kein Datum. Ein Stadtteil wird nur genannt, ' +
      `wenn mindestens ${plan.threshold} Beiträge aus ihm kommen, sonst der statistische Bezirk oder kein Ort – beides nur, wo die Tabellen die Zahl nennen, damit sich durch Abzählen keine verdeckte Zahl ergibt.`,
  );
  doc.moveDown(0.5);
  write(TEXT, suppressionNote(plan.threshold));
  doc.moveDown();

  for (const table of tables.tables.filter((t) => t.name.startsWith('anzahlen-'))) barChart(pen, table, plan.threshold);
  const cross = tables.tables.find((t) => t.name === 'handlungsfeld-stadtbezirk');
  if (cross) crossGrid(pen, cross, plan.threshold);
  const dots = tables.tables.find((t) => t.name === 'klebepunkte');
  const questions = tables.tables.find((t) => t.name === 'fragen');
  if (questions) questionCharts(pen, questions, plan.threshold);
  if (dots) dotVotes(pen, dots, plan.threshold);
  methodPage(pen, tables);

  doc.addPage();
  write(H2, 'Stimmen');
  write(MUTED, 'Die Beiträge im Wortlaut, nach Handlungsfeld. Ein Beitrag zu mehreren Handlungsfeldern steht bei jedem.');
  for (const field of plan.fields) {
    doc.moveDown();
    write(H3, field.label);
    let count = 0;
    for await (const row of source.rows(field.key)) {
      count += 1;
      voice(pen, row);
      await drained(out);
    }
    if (count === 0) write(MUTED, 'Keine Beiträge.');
  }

  doc.end();
  // Watched only from here on: a promise made earlier would reject unobserved when the client leaves midway.
  await finished(out, { readable: false });
}

/**
 * Writes text in a style, keeping track of the style for page breaks: flowing (`write`), on one
 * line at a place (`put`), or residents' text in whichever direction it reads (`quote`).
 */
interface Pen {
  doc: PDFKit.PDFDocument;
  write: (style: Style, text: string, options?: PDFKit.Mixins.TextOptions) => void;
  put: (style: Style, text: string, x: number, y: number, width: number) => void;
  /** How tall `text` is in `style` when it wraps within `width`. */
  measure: (style: Style, text: string, width: number) => number;
  quote: (style: Style, text: string, fallback: Direction) => void;
}

const contentWidth = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page unless `height` fits above the bottom margin. */
function keepTogether(doc: PDFKit.PDFDocument, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

const asCell = (cell: CountCell): Cell => (cell.count === null ? { count: null, suppressed: true, ...(cell.reason ? { reason: cell.reason } : {}) } : { count: cell.count, suppressed: false });

/**
 * A count after its label in a line of words („Antworten: 45“): withheld „verdeckt“, and for too
 * few „verdeckt (unter 5)“ — not „< 5“ or a bare „verdeckt“ in front of a word („n = verdeckt
 * beantwortet“), which does not read as German.
 */
const amount = (cell: CountCell, threshold: number): string => (cell.count !== null ? String(cell.count) : cell.reason === 'secondary' ? 'verdeckt' : `verdeckt (unter ${threshold})`);

/** Horizontal bars drawn with vector shapes; a withheld count gets no bar, only "< 5", so nothing is drawn to a scale it does not have. */
function barChart({ doc, write, put, measure }: Pen, table: ExportTable, threshold: number) {
  const rowHeight = 18;
  const rows = table.rows.slice(0, -1) as Array<[string, CountCell, CountCell | null]>;
  const [, totalContributions, totalResponses] = table.rows.at(-1) as [string, CountCell, CountCell | null];
  keepTogether(doc, 60 + rowHeight * rows.length);
  write(H2, `Beiträge nach ${table.columns[0]!.header}`);
  doc.moveDown(0.3);
  const left = doc.page.margins.left;
  const labelWidth = 160;
  const valueWidth = 48;
  const barWidth = contentWidth(doc) - labelWidth - valueWidth - 8;
  const largest = largestPublished(rows.map((row) => asCell(row[1])));
  for (const [label, count] of rows) {
    const height = Math.max(rowHeight, measure(TEXT, label, labelWidth - 8) + 4);
    keepTogether(doc, height);
    const y = doc.y;
    const cell = asCell(count);
    put(TEXT, label, left, y, labelWidth - 8);
    const value = formatCell(cell, threshold);
    if (cell.suppressed) {
      put(MUTED, `${value} (Zahl nicht genannt, kein Balken)`, left + labelWidth, y + 1, barWidth);
    } else {
      const length = barWidth * barShare(cell, largest);
      if (length > 0) doc.rect(left + labelWidth, y + 1, length, rowHeight - 8).fill(BAR);
      put(TEXT, value, left + labelWidth + length + 6, y, valueWidth);
    }
    doc.x = left;
    doc.y = y + height;
  }
  write(
    MUTED,
    `Gesamt: ${formatCell(asCell(totalContributions), threshold)} Beiträge` +
      (totalResponses ? `, ${formatCell(asCell(totalResponses), threshold)} Fragebögen mit Antworten zu diesen Handlungsfeldern` : '') +
      '.',
  );
  doc.moveDown(1.5);
}

/** A grid of fixed columns with a bold header row, page breaks between rows. */
function grid({ doc, put, measure }: Pen, header: string[], rows: string[][], widths: number[]) {
  const rowHeight = 16;
  const left = doc.page.margins.left;
  const line = (cells: string[], style: Style) => {
    // As tall as its tallest cell: a wrapped header or name pushes the next row down instead of overprinting it.
    const height = Math.max(rowHeight, ...cells.map((cell, i) => measure(style, cell, widths[i]! - 6) + 4));
    keepTogether(doc, height);
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      put(style, cell, x, y, widths[i]! - 6);
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = y + height;
  };
  line(header, { ...TEXT, font: 'bold', size: 9 });
  for (const row of rows) line(row, TEXT);
  doc.moveDown(1);
}

/** The district × field table: districts down, fields across (at most four per block, so the names stay readable). */
function crossGrid(pen: Pen, table: ExportTable, threshold: number) {
  const { doc, write } = pen;
  const rows = table.rows as Array<[string, string, CountCell]>;
  const fields = [...new Set(rows.map((row) => row[0]))];
  const places = [...new Set(rows.map((row) => row[1]))];
  const value = new Map(rows.map((row) => [`${row[0]}\u0000${row[1]}`, formatCell(asCell(row[2]), threshold)]));
  doc.addPage();
  write(H2, table.title);
  // Not the table's own description, which tells the CSV's and workbook's one line per pair: here the districts run down and the fields across.
  write(MUTED, `Beiträge je Stadtbezirk (Zeilen) und Handlungsfeld (Spalten); „${TOTAL}“ sind die Summen. Ein Beitrag zu zwei Handlungsfeldern zählt bei beiden, in „${TOTAL}“ über alle Handlungsfelder einmal.`);
  doc.moveDown(0.5);
  const width = contentWidth(doc);
  // Four fields per block: a field's name (Außerschulische Bildung) fits its column without a break inside a word.
  for (let start = 0; start < fields.length; start += 4) {
    const block = fields.slice(start, start + 4);
    const first = 96;
    const rest = (width - first) / block.length;
    grid(
      pen,
      ['Stadtbezirk', ...block],
      places.map((place) => [place, ...block.map((field) => value.get(`${field}\u0000${place}`) ?? '')]),
      [first, ...block.map(() => rest)],
    );
  }
}

function dotVotes(pen: Pen, table: ExportTable, threshold: number) {
  const { doc, write } = pen;
  keepTogether(doc, 120);
  write(H2, table.title);
  write(MUTED, table.description);
  doc.moveDown(0.5);
  if (table.rows.length === 0) {
    write(MUTED, 'Keine Klebepunkte.');
    doc.moveDown();
    return;
  }
  const width = contentWidth(doc);
  grid(
    pen,
    ['Markttag', 'Ort', 'Option', 'Punkte'],
    table.rows.map((row) => [germanDate(String(row[0])), String(row[1]), String(row[4]), formatCell(asCell(row[5] as CountCell), threshold)]),
    [70, width - 70 - 190 - 60, 190, 60],
  );
}

/** Which rows of the questions table are drawn as bars: the options and steps, not the counts of who saw the question or the statistics. */
const FIRST_PLACE = /: auf Platz 1$/;
/** „Bildung: Punkte (Borda, Platz 1 = 4 Punkte)“ (`bordaPointsLabel`): the option's points and the places to give. */
const POINTS = /^(.*): Punkte \(Borda, Platz 1 = (\d+) Punkte\)$/;
const NOT_A_BAR = new RegExp(`^(gefragt|beantwortet|${CHOSEN_A_STEP}|ausgelassen|Median|Minimum|unteres Quartil|oberes Quartil|Maximum|Mittelwert)$|: (mittlerer Rang|eingeordnet)$|${POINTS.source}`);

/**
 * Each closed question as a bar chart of its options or steps (a ranking: its points, as the page draws it, with how often each was placed first below), with its n and its statistics in words.
 * A published count reads with its share as on the page („12 · 40 %“), the table's „Anteil“ (of the page's base, `percentBase`); without a published base, or for
 * „keine Angabe“ (outside a scale's base) and a withheld count, the count alone or its withheld text: no share is ever worked from a withheld figure.
 */
function questionCharts(pen: Pen, table: ExportTable, threshold: number) {
  const { doc, write, put, measure } = pen;
  const rows = table.rows as Array<[string, string, string, string, CountCell, number | null]>;
  if (rows.length === 0) return;
  doc.addPage();
  write(H2, 'Ergebnisse der Fragen');
  write(MUTED, table.description);
  write(MUTED, 'Hinter jeder Zahl ihr Anteil, gerundet wie auf der Seite.');
  const rowHeight = 16;
  const left = doc.page.margins.left;
  const labelWidth = 190;
  for (const key of [...new Set(rows.map((row) => row[0]))]) {
    const own = rows.filter((row) => row[0] === key);
    const figure = (name: string) => own.find((row) => row[3] === name)?.[4];
    // A ranking's bars are its points, most first, as the page draws them (withheld points last); how often
    // each was placed first follows in a line below. Bars of first places stood out of order beside the page's points.
    const pointsRows = new Map(own.flatMap((row) => {
      const match = POINTS.exec(row[3]);
      return match ? [[match[1]!, { cell: row[4], places: Number(match[2]) }] as const] : [];
    }));
    const pointsOf = (row: (typeof rows)[number]) => pointsRows.get(row[3].replace(FIRST_PLACE, ''))!.cell;
    const ranking = own.some((row) => FIRST_PLACE.test(row[3]));
    const firsts = own.filter((row) => FIRST_PLACE.test(row[3])).sort((a, b) => (pointsOf(b).count ?? -1) - (pointsOf(a).count ?? -1));
    const places = [...pointsRows.values()][0]?.places ?? firsts.length;
    const bars = ranking
      ? firsts.map((row) => [row[0], row[1], row[2], row[3].replace(FIRST_PLACE, ''), pointsOf(row), null] as (typeof rows)[number])
      : own.filter((row) => !NOT_A_BAR.test(row[3]));
    const unit = ranking ? ' Punkte' : '';
    const shares = bars.some((row) => row[5] !== null);
    const valueWidth = unit ? 90 : shares ? 80 : 50;
    const barWidth = contentWidth(doc) - labelWidth - valueWidth - 6;
    keepTogether(doc, 50 + rowHeight * bars.length);
    doc.moveDown(0.8);
    write(H3, own[0]![1]);
    const answered = figure('beantwortet');
    const chosen = figure(CHOSEN_A_STEP);
    const none = figure('keine Angabe');
    const shown = figure('gefragt');
    const median = figure('Median');
    const mean = figure('Mittelwert');
    // A scale with "keine Angabe": the answers split as on the page, so n and the steps' base are both named.
    // (Of fewer answers than the threshold each part is fewer too: no split then.)
    const split = chosen && none && !(answered?.count === null && answered.reason === 'below_threshold') ? `, davon mit einer Stufe: ${amount(chosen, threshold)}, „keine Angabe“: ${amount(none, threshold)}` : '';
    // A median or mean as the page writes it: „3,5“, not the file's „3.5“.
    const statistic = (cell: CountCell) => (cell.count === null ? withheldStatisticText(cell.reason ?? undefined, threshold) : Number.isInteger(cell.count) ? String(cell.count) : decimal(cell.count));
    write(
      MUTED,
      // Asked first, as the page says it; each figure after its label, so a withheld one reads as a sentence.
      [shown && `Gefragt: ${amount(shown, threshold)}`, answered && `Antworten: ${amount(answered, threshold)}${split}`, median && `Median: ${statistic(median)}`, mean && `Mittelwert: ${statistic(mean)}`]
        .filter(Boolean)
        .concat(ranking ? [`nach Punkten geordnet (Borda): Platz 1 von ${places} bringt ${places} Punkte, der letzte Platz 1 Punkt, nicht eingeordnet keinen`] : [])
        .join(' · '),
    );
    const largest = largestPublished(bars.map((row) => asCell(row[4])));
    for (const [, , , label, count, shareOf] of bars) {
      const height = Math.max(rowHeight, measure(TEXT, label, labelWidth - 8) + 3);
      keepTogether(doc, height);
      const y = doc.y;
      const cell = asCell(count);
      put(TEXT, label, left, y, labelWidth - 8);
      // A ranking's bar is its points, a statistic: withheld it reads „verdeckt (unter 5 Antworten)“, not „< 5“ points.
      if (cell.suppressed) put(MUTED, ranking ? withheldStatisticText(cell.reason, threshold) : formatCell(cell, threshold), left + labelWidth, y, ranking ? 150 : 60);
      else {
        const length = barWidth * barShare(cell, largest);
        if (length > 0) doc.rect(left + labelWidth, y + 1, length, rowHeight - 6).fill(BAR);
        const share = shareOf === null ? '' : ` · ${percent(shareOf)}`;
        put(TEXT, `${cell.count}${unit}${share}`, left + labelWidth + length + 6, y, valueWidth);
      }
      doc.x = left;
      doc.y = y + height;
    }
    if (ranking) write(MUTED, `Auf Platz 1 gesetzt: ${firsts.map((row) => `${row[3].replace(FIRST_PLACE, '')} ${formatCell(asCell(row[4]), threshold)}`).join(', ')}.`);
  }
  doc.moveDown();
}

/** Who took part through which channel, the rule for small numbers, how far the survey is translated. */
function methodPage(pen: Pen, tables: ExportTables) {
  const { doc, write } = pen;
  const { method } = tables;
  doc.addPage();
  write(H2, 'Methode');
  write(H3, 'Wer hat über welchen Kanal teilgenommen');
  const width = contentWidth(doc);
  grid(
    pen,
    ['Kanal', 'Beiträge', 'Fragebögen'],
    method.channels.map((row) => [row.channel, formatCell(asCell(row.contributions), method.threshold), row.responses ? formatCell(asCell(row.responses), method.threshold) : '–']),
    [width - 200, 100, 100],
  );
  write(H3, 'Kleine Zahlen');
  write(
    TEXT,
    `Jede Zahl unter ${method.threshold} (auch 0) wird nicht genannt, ebenso jede Zahl, aus der sich zusammen mit einer Summe eine so kleine Zahl errechnen ließe ` +
      `(sekundäre Unterdrückung). In den Tabellen steht dafür „< ${method.threshold}“ (unter der Schwelle) oder „verdeckt“ (aus Summen errechenbar), ` +
      `in den CSV-Dateien und der Arbeitsmappe eine leere Zelle mit dem Grund in der Spalte daneben. Ergeben die genannten Zahlen schon die ganze Summe, sind die nicht genannten daneben 0; eine kleine Zahl über 0 lässt sich nicht errechnen. ` +
      `Fragebögen, die die Prüfungen gegen Missbrauch markiert haben, und ausgeblendete Beiträge werden nicht gezählt.`,
  );
  doc.moveDown();
  write(H3, 'Übersetzungen des Fragebogens');
  if (method.translations.length === 0) write(MUTED, 'Kein veröffentlichter Fragebogen.');
  else grid(pen, ['Sprache', 'Stand'], method.translations.map((row) => [row.language, row.status]), [width / 2, width / 2]);
}

const RTL_LANGUAGE_LABELS = new Set(RTL_LANGUAGES.map((language) => LANGUAGE_LABELS[language]));

function voice({ doc, write, quote }: Pen, row: ExportRow) {
  keepTogether(doc, 40);
  doc.moveDown(0.4);
  quote(TEXT, `„${row.text}“`, RTL_LANGUAGE_LABELS.has(row.language) ? 'rtl' : 'ltr');
  // The moderators' German rendering below the original, as the quote browser shows it beside it.
  if (row.german) quote(TEXT, `Deutsche Fassung: „${row.german}“`, 'ltr');
  write(MUTED, [row.citeId, germanMonth(row.month), row.kind, row.channel, row.area, row.language].filter(Boolean).join(' · '));
}
