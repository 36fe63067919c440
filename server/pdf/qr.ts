import QRCode from 'qrcode';

/** Modules of white around the code, as the QR standard asks for a reader to find it. */
const QUIET_ZONE = 4;

/**
 * Draws a QR code for `address` as vector squares, `size` points wide including its quiet zone,
 * with its top-left corner at (x, y). Vector rather than an image: it stays sharp on any printer and
 * at A3. Error correction level M (15 %) survives a crease or a smudge on paper.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, address: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(address, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const module = size / (count + 2 * QUIET_ZONE);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  // One rectangle per run of dark modules in a row: fewer path operations, no hairline gaps between neighbours.
  for (let row = 0; row < count; row += 1) {
    let start = -1;
    for (let col = 0; col <= count; col += 1) {
      const dark = col < count && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        doc.rect(x + (QUIET_ZONE + start) * module, y + (QUIET_ZONE + row) * module, (col - start) * module, module);
        start = -1;
      }
    }
  }
  doc.fill('#000000');
  doc.restore();
}
