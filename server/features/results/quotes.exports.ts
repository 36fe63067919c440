/**
 * The quote browser's selection as a download, written like the other exports: rows stream from
 * one statement on a read worker, the CSV's bytes are made there, the workbook goes through
 * exceljs' streaming writer with the exports' contribution sheet and a sheet „Hinweise“.
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { QuoteExportFormat, QuotesExportQuery } from '../../../shared/api/quotes.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';
import type { PreparedExport } from './results.export-run.ts';
import { addContributionSheet, addNotesSheet, commitWorkbook, streamingWorkbook } from './results.exports.ts';
import { quoteNotes } from './quotes.export-data.ts';

const CONTENT_TYPES: Readonly<Record<QuoteExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Checks the selection on a read worker before the first byte (403/400/422 from there), then says how the file is written. */
export async function prepareQuoteExport(reads: ReadPool, process: ProcessRow, user: UserRow, format: QuoteExportFormat, query: QuotesExportQuery): Promise<PreparedExport> {
  const args = { process, user, query };
  const plan = await reads.call('quoteExportPlan', args);
  let count = 0;
  async function* csv(): AsyncGenerator<Uint8Array> {
    for await (const chunk of reads.stream('quoteExportCsv', args)) {
      count += chunk.rows;
      yield chunk.bytes;
    }
  }
  async function* rows() {
    for await (const row of reads.stream('quoteExportRows', args)) {
      count += 1;
      yield row;
    }
  }
  const write = {
    csv: (out: Writable) => pipeline(Readable.from(csv(), { objectMode: false }), out),
    xlsx: async (out: Writable) => {
      const workbook = await streamingWorkbook(out);
      await addContributionSheet(workbook, 'Zitate', rows(), out);
      addNotesSheet(workbook, quoteNotes(plan, count));
      await commitWorkbook(workbook, out);
    },
  }[format];
  return {
    contentType: CONTENT_TYPES[format],
    filename: `${plan.filenameStem}.${format}`,
    auditFormat: `quotes.${format}`,
    filter: plan.filter,
    write,
    rowCount: () => count,
  };
}
