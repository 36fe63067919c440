import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';

// Reading the export files as a working group's spreadsheet or PDF viewer would.

/** Every cell text of a workbook, sheet by sheet, and whether any cell holds a formula. */
export async function readWorkbook(data: Buffer | Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  const sheets: Record<string, string[][]> = {};
  let formulas = 0;
  workbook.eachSheet((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        if (cell.formula) formulas += 1;
        cells.push(cell.value === null || cell.value === undefined ? '' : String(cell.value));
      });
      rows.push(cells);
    });
    sheets[sheet.name] = rows;
  });
  return { sheets, formulas, text: Object.values(sheets).flat(2).join('\n') };
}

export async function pdfText(data: Buffer | Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(data)), { mergePages: true });
  return text;
}

// unpdf's pdf.js calls ArrayBuffer.prototype.transferToFixedLength (Node 21 and later) when it
// loads the fonts for an operator list; a copy does the same for reading.
const arrayBuffers = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
arrayBuffers.transferToFixedLength ??= function (this: ArrayBuffer, length = this.byteLength) {
  return this.slice(0, length);
};

