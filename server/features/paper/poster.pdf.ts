import PDFDocument from 'pdfkit';
import type { Poster } from '../../../shared/api/paper.ts';
import { htmlLang, localize, textDirection, type LocalizedText } from '../../../shared/languages.ts';
import { finishedPdf, registerFonts, type FontName } from '../../pdf/fonts.ts';
import { drawQrCode } from '../../pdf/qr.ts';
import { drawLine, layoutLines } from '../../pdf/text.ts';
import { paperText } from './paper.catalog.ts';

export interface PosterInput {
  processTitle: LocalizedText;
  poster: Poster;
  size: 'a4' | 'a3';
  /** The full address the code opens: the survey in the poster's first language, with its id. */
  surveyAddress: string;
}

/**
 * A QR poster for a market day or a Stadtteil, A4 or A3 (the same layout, scaled): the invitation
 * in the poster's first language above a big code, the address to type for those without a camera,
 * then the invitation in its other languages, in two columns when there are more than three.
 * Everything is measured before it is drawn, and the code is as big as the page leaves room for
 * (at most 300 pt on A4, at least 140 pt; past that the other languages' texts get smaller), so
 * every language chosen is on the poster. Everything is centred, so a
 * right-to-left language needs no mirrored layout; its lines still go through the bidirectional
 * layout of server/pdf/text.ts.
 */
export function writePoster(input: PosterInput): Uint8Array {
  const { poster } = input;
  const [first, ...others] = poster.languages;
  const language = first!;
  const scale = input.size === 'a3' ? Math.SQRT2 : 1;
  const margin = 44 * scale;
  const doc = new PDFDocument({
    size: input.size === 'a3' ? 'A3' : 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    lang: htmlLang(language),
    displayTitle: true,
    info: { Title: `${paperText(language, 'poster.heading')} ${localize(input.processTitle, language)}`, Author: 'Mitreden', Subject: poster.place },
  });
  registerFonts(doc);
  const width = doc.page.width - 2 * margin;
  /** Lines centred in a column `within` wide, measured now and drawn with their top at `y`, the column starting `offset` from the left margin. */
  const centred = (text: string, font: FontName, size: number, lang = language, color = '#000000', within = width) => {
    const use = () => doc.font(font).fontSize(size * scale).fillColor(color);
    use();
    const step = doc.currentLineHeight(true) * 1.1;
    const lines = layoutLines(doc, text, within, textDirection(lang));
    return {
      height: lines.length * step,
      draw: (y: number, offset = (width - within) / 2) => {
        use();
        lines.forEach((line, index) => drawLine(doc, line, margin + offset, y + index * step, within, 'center'));
      },
    };
  };
  const title = (lang: typeof language) => localize(input.processTitle, lang);

  const heading = centred(paperText(language, 'poster.heading'), 'bold', 40);
  const invitation = centred(paperText(language, 'poster.invitation', { process: title(language) }), 'body', 17, language, '#000000', width * 0.9);
  const scan = centred(paperText(language, 'poster.scan'), 'bold', 15);
  const address = centred(paperText(language, 'poster.address', { address: input.surveyAddress }), 'body', 10.5, language, '#222222');
  // For staff: which poster this is, so one hung in the wrong place can be told apart.
  const footer = centred(`${paperText(language, 'poster.paperAtStall')} · ${poster.place} · ${poster.id}`, 'body', 8.5, language, '#444444');

  // The other languages, each a short paragraph (heading, invitation, what to do), side by side in pairs when there are many.
  const columns = others.length > 3 ? 2 : 1;
  const columnGap = 16 * scale;
  const columnWidth = columns === 1 ? width * 0.9 : (width - columnGap) / 2;
  const rowGap = 8 * scale;
  const layOutOthers = (shrink: number) => {
    const paragraphs = others.map((other) => {
      const lead = centred(`${paperText(other, 'poster.heading')} ${paperText(other, 'poster.scan')}`, 'bold', 12 * shrink, other, '#000000', columnWidth);
      const text = centred(paperText(other, 'poster.invitation', { process: title(other) }), 'body', 10.5 * shrink, other, '#222222', columnWidth);
      return {
        height: lead.height + text.height,
        draw: (y: number, offset: number) => {
          lead.draw(y, offset);
          text.draw(y + lead.height, offset);
        },
      };
    });
    const rows: Array<typeof paragraphs> = [];
    for (let index = 0; index < paragraphs.length; index += columns) rows.push(paragraphs.slice(index, index + columns));
    const heights = rows.map((row) => Math.max(...row.map((paragraph) => paragraph.height)));
    return { rows, heights, height: heights.reduce((sum, height) => sum + height + rowGap, 0) };
  };

  const above = heading.height + 8 * scale + invitation.height + 16 * scale;
  const below = 10 * scale + scan.height + 4 * scale + address.height + 18 * scale;
  const footerSpace = footer.height + 12 * scale;
  const roomFor = (othersHeight: number) => doc.page.height - 2 * margin - above - below - othersHeight - footerSpace;
  // The code gets what the texts leave, down to a size a phone still reads from a step away; below
  // that, the other languages' texts get smaller instead, so none of them is left off.
  const smallestCode = 140 * scale;
  let othersLayout = layOutOthers(1);
  for (const shrink of [0.9, 0.8, 0.72, 0.65, 0.6]) {
    if (roomFor(othersLayout.height) >= smallestCode) break;
    othersLayout = layOutOthers(shrink);
  }
  const qr = Math.max(smallestCode, Math.min(300 * scale, doc.page.height * 0.42, roomFor(othersLayout.height)));

  let y = margin;
  heading.draw(y);
  y += heading.height + 8 * scale;
  invitation.draw(y);
  y += invitation.height + 16 * scale;
  drawQrCode(doc, input.surveyAddress, margin + (width - qr) / 2, y, qr);
  y += qr + 10 * scale;
  scan.draw(y);
  y += scan.height + 4 * scale;
  address.draw(y);
  y += address.height + 18 * scale;
  othersLayout.rows.forEach((row, index) => {
    // A row holding one paragraph (the last of an odd number) is centred like the rest of the page.
    const start = (width - (row.length * columnWidth + (row.length - 1) * columnGap)) / 2;
    row.forEach((paragraph, column) => paragraph.draw(y, start + column * (columnWidth + columnGap)));
    y += othersLayout.heights[index]! + rowGap;
  });

  const keep = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  footer.draw(doc.page.height - margin - footer.height);
  doc.page.margins.bottom = keep;
  return finishedPdf(doc);
}
