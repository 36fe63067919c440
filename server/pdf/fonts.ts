import { resolve } from 'node:path';
import { fromRoot } from '../../db/root.ts';

// DejaVu Sans (vendored in ./fonts with its licence) covers the Latin letters of German, Turkish,
// Polish and Italian, Cyrillic for Ukrainian and Russian, and Arabic with the OpenType features
// fontkit (inside pdfkit) needs to join its letters. npm's font packages ship woff2, which pdfkit
// cannot embed, so the TTF files live here. Every PDF the server writes (the results export, the
// paper questionnaire, the posters) sets its text in these two faces.
const FONTS = fromRoot('server', 'pdf', 'fonts');

/** The names a document's `font()` calls use after `registerFonts`. */
export type FontName = 'body' | 'bold';

/** Registers DejaVu Sans as `body` and DejaVu Sans Bold as `bold`. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont('body', resolve(FONTS, 'DejaVuSans.ttf'));
  doc.registerFont('bold', resolve(FONTS, 'DejaVuSans-Bold.ttf'));
}

/**
 * The bytes of a finished document. pdfkit pushes every chunk as it writes, so after `end()` the
 * whole file waits in the stream's buffer and is read here at once, without waiting on an event:
 * a read worker can hand it back as one result.
 */
export function finishedPdf(doc: PDFKit.PDFDocument): Uint8Array {
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk: Buffer | null = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * How wide a text is set in DejaVu Sans (bold or not) at `size` points, in points: for layouts
 * outside a PDF (the concept draft's table columns). DejaVu Sans is what LibreOffice sets in place
 * of a missing Calibri, and wider than Calibri, so what fits here fits in Word too.
 */
export async function textMeasurer(size: number): Promise<(text: string, bold: boolean) => number> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ autoFirstPage: false });
  registerFonts(doc);
  return (text, bold) => doc.font(bold ? 'bold' : 'body').fontSize(size).widthOfString(text);
}
