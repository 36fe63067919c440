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
 * then the invitation in its other languages. Everything is centred, so a right-to-left language
 * needs no mirrored layout; its lines still go through the bidirectional layout of server/pdf/text.ts.
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
  let y = margin;
  const centred = (text: string, font: FontName, size: number, lang = language, color = '#000000', within = width) => {
    doc.font(font).fontSize(size * scale).fillColor(color);
    const step = doc.currentLineHeight(true) * 1.1;
    for (const line of layoutLines(doc, text, within, textDirection(lang))) {
      drawLine(doc, line, margin + (width - within) / 2, y, within, 'center');
      y += step;
    }
  };
  const title = (lang: typeof language) => localize(input.processTitle, lang);

  centred(paperText(language, 'poster.heading'), 'bold', 40);
  y += 8 * scale;
  centred(paperText(language, 'poster.invitation', { process: title(language) }), 'body', 17, language, '#000000', width * 0.9);
  y += 16 * scale;
  const qr = Math.min(300 * scale, doc.page.height * 0.42);
  drawQrCode(doc, input.surveyAddress, margin + (width - qr) / 2, y, qr);
  y += qr + 10 * scale;
  centred(paperText(language, 'poster.scan'), 'bold', 15);
  y += 4 * scale;
  centred(paperText(language, 'poster.address', { address: input.surveyAddress }), 'body', 10.5, language, '#222222');
  y += 18 * scale;

  // The other languages, each a short paragraph: heading, invitation, what to do.
  for (const other of others) {
    if (y > doc.page.height - margin - 90 * scale) break;
    centred(`${paperText(other, 'poster.heading')} ${paperText(other, 'poster.scan')}`, 'bold', 12, other, '#000000', width * 0.9);
    centred(paperText(other, 'poster.invitation', { process: title(other) }), 'body', 10.5, other, '#222222', width * 0.9);
    y += 8 * scale;
  }

  // For staff: which poster this is, so one hung in the wrong place can be told apart.
  const keep = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  y = doc.page.height - margin - 14 * scale;
  centred(`${paperText(language, 'poster.paperAtStall')} · ${poster.place} · ${poster.id}`, 'body', 8.5, language, '#444444');
  doc.page.margins.bottom = keep;
  return finishedPdf(doc);
}
