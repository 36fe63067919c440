import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { RTL_LANGUAGES } from '../../../shared/languages.ts';
import { LANGUAGE_LABELS, suppressionNote } from '../../../shared/results/labels.ts';
import { barShare, largestPublished } from '../../../shared/results/scale.ts';
import { formatCell } from '../../../shared/results/suppress.ts';
import { drained } from './backpressure.ts';
import { drawText, type Direction } from './pdf-text.ts';
import type { CountTable, ExportRow } from './results.presenter.ts';
import type { ExportSource } from './results.service.ts';

// DejaVu Sans (vendored in ./fonts with its licence) covers the Latin letters of German, Turkish,
// Polish and Italian, Cyrillic for Ukrainian and Russian, and Arabic. pdfkit has no Unicode
// bidirectional algorithm, so the quotes, the one place where residents' text (in any language,
// with an Arabic name in a German sentence or a "[Telefon entfernt]" in an Arabic one) meets the
// page, are drawn by ./pdf-text.ts: bidi-js orders the words and the runs of a line, fontkit
// joins the Arabic letters, and a right-to-left paragraph is right-aligned. Headings and labels
// are our own German words and go through pdfkit's own line wrapping.
const FONTS = resolve(import.meta.dirname, 'fonts');

interface Style {
  font: 'body' | 'bold';
  size: number;
  color: string;
}
const TEXT: Style = { font: 'body', size: 10.5, color: '#1a1a1a' };
const MUTED: Style = { font: 'body', size: 9, color: '#555555' };
const H1: Style = { font: 'bold', size: 20, color: '#1a1a1a' };
const H2: Style = { font: 'bold', size: 14, color: '#1a1a1a' };
const H3: Style = { font: 'bold', size: 12, color: '#1a1a1a' };
const BAR = '#2f6f9f';

const germanDate = (day: string) => day.split('-').reverse().join('.');

/** A readable German summary for a working group: what this is, the counts as bar charts, then the voices by field. */
export async function writePdf(source: ExportSource, out: Writable): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    lang: 'de-DE',
    displayTitle: true,
    info: { Title: `Auswertung: ${source.scopeLabel}`, Author: 'Mitreden', Subject: source.processTitle },
  });
  doc.registerFont('body', resolve(FONTS, 'DejaVuSans.ttf'));
  doc.registerFont('bold', resolve(FONTS, 'DejaVuSans-Bold.ttf'));
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
    doc.text(`Seite ${pageNumber} · ${source.processTitle} · Stand ${germanDate(source.exportedOn)}`, margins.left, doc.page.height - 40, {
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
  const put: Pen['put'] = (next, text, x, y, width) => {
    use(next);
    doc.text(text, x, y, { width, lineBreak: false });
  };
  const quote: Pen['quote'] = (next, text, fallback) => {
    use(next);
    drawText(doc, text, contentWidth(doc), fallback);
  };
  const pen: Pen = { doc, write, put, quote };

  write(H1, `Auswertung: ${source.scopeLabel}`);
  doc.moveDown(0.5);
  write(TEXT, `Beteiligungsprozess: ${source.processTitle}`);
  write(TEXT, `Handlungsfeld: ${source.fields.map((field) => field.label).join(', ')}`);
  write(TEXT, `Stand: ${germanDate(source.exportedOn)}`);
  doc.moveDown();
  write(H3, 'Zum Datenschutz');
  write(
    TEXT,
    'Persönliche Angaben in den Beiträgen (E-Mail-Adressen, Telefonnummern, IBANs, Anschriften und von der Moderation markierte Namen) ' +
      'sind durch Platzhalter wie „[E-Mail entfernt]“ ersetzt. Beiträge tragen nur den Monat, kein Datum. Ein Stadtteil wird nur genannt, ' +
      `wenn mindestens ${source.threshold} Beiträge aus ihm kommen, sonst der statistische Bezirk oder kein Ort.`,
  );
  doc.moveDown(0.5);
  write(TEXT, suppressionNote(source.threshold));
  doc.moveDown();

  for (const table of source.tables) barChart(pen, table, source.threshold);

  doc.addPage();
  write(H2, 'Stimmen');
  write(MUTED, 'Die Beiträge im Wortlaut, nach Handlungsfeld. Ein Beitrag zu mehreren Handlungsfeldern steht bei jedem.');
  for (const field of source.fields) {
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
  quote: (style: Style, text: string, fallback: Direction) => void;
}

const contentWidth = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page unless `height` fits above the bottom margin. */
function keepTogether(doc: PDFKit.PDFDocument, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** Horizontal bars drawn with vector shapes; a withheld count gets no bar, only "< 5", so nothing is drawn to a scale it does not have. */
function barChart({ doc, write, put }: Pen, table: CountTable, threshold: number) {
  const rowHeight = 18;
  keepTogether(doc, 60 + rowHeight * table.rows.length);
  write(H2, `Beiträge nach ${table.dimensionLabel}`);
  doc.moveDown(0.3);
  const left = doc.page.margins.left;
  const labelWidth = 160;
  const valueWidth = 48;
  const barWidth = contentWidth(doc) - labelWidth - valueWidth - 8;
  const largest = largestPublished(table.rows.map((row) => row.contributions));
  for (const row of table.rows) {
    keepTogether(doc, rowHeight);
    const y = doc.y;
    put(TEXT, row.label, left, y, labelWidth - 8);
    const value = formatCell(row.contributions, threshold);
    if (row.contributions.suppressed) {
      put(MUTED, `${value} (Zahl nicht genannt, kein Balken)`, left + labelWidth, y + 1, barWidth);
    } else {
      const length = barWidth * barShare(row.contributions, largest);
      if (length > 0) doc.rect(left + labelWidth, y + 1, length, rowHeight - 8).fill(BAR);
      put(TEXT, value, left + labelWidth + length + 6, y, valueWidth);
    }
    doc.x = left;
    doc.y = y + rowHeight;
  }
  const responses = table.total.responses;
  write(
    MUTED,
    `Gesamt: ${formatCell(table.total.contributions, threshold)} Beiträge` +
      (responses ? `, ${formatCell(responses, threshold)} Fragebögen mit Antworten zu diesen Handlungsfeldern` : '') +
      '.',
  );
  doc.moveDown(1.5);
}

const RTL_LANGUAGE_LABELS = new Set(RTL_LANGUAGES.map((language) => LANGUAGE_LABELS[language]));

function voice({ doc, write, quote }: Pen, row: ExportRow) {
  keepTogether(doc, 40);
  doc.moveDown(0.4);
  quote(TEXT, `„${row.text}“`, RTL_LANGUAGE_LABELS.has(row.language) ? 'rtl' : 'ltr');
  write(MUTED, [row.citeId, row.month, row.kind, row.channel, row.area, row.language].filter(Boolean).join(' · '));
}
