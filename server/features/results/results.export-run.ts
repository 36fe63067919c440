/**
 * One export, whoever asks for it (the web route or `npm run export`): checks the caller's scope
 * on a read worker before the first byte (403/400, and 422 for a quote selection, come from here), then says what the file is
 * called, what it is, how to write it, and how many contributions or responses it held.
 */
import type { Writable } from 'node:stream';
import type { QuoteExportFormat, QuotesExportQuery } from '../../../shared/api/quotes.ts';
import type { ExportFormat, ResultsFilter } from '../../../shared/api/results.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';
import { prepareQuoteExport } from './quotes.exports.ts';
import { EXPORTS, readSource } from './results.exports.ts';
import { RESPONSE_EXPORTS, type ResponseFormat } from './results.response-exports.ts';

export type ExportRequest =
  | { table: 'results'; format: ExportFormat; filter: ResultsFilter }
  | { table: 'quotes'; format: QuoteExportFormat; query: QuotesExportQuery }
  | { table: 'responses'; format: ResponseFormat };

export interface PreparedExport {
  contentType: string;
  filename: string;
  /** The format as the audit log names it: `csv`, … , `quotes.csv` or `responses.xlsx`. */
  auditFormat: string;
  filter: Record<string, unknown>;
  write: (out: Writable) => Promise<void>;
  rowCount: () => number;
}

export async function prepareExport(reads: ReadPool, process: ProcessRow, user: UserRow, request: ExportRequest): Promise<PreparedExport> {
  if (request.table === 'results') {
    const args = { process, user, filter: request.filter };
    const source = readSource(reads, args, await reads.call('exportPlan', args));
    return {
      contentType: EXPORTS[request.format].contentType,
      filename: source.filename(request.format),
      auditFormat: request.format,
      filter: { ...request.filter },
      write: (out) => EXPORTS[request.format].write(source, out),
      rowCount: source.rowCount,
    };
  }
  if (request.table === 'quotes') return prepareQuoteExport(reads, process, user, request.format, request.query);
  const args = { process, user };
  const data = await reads.call('responseData', args);
  let count = 0;
  const source = {
    data,
    async *rows() {
      count = 0;
      for await (const row of reads.stream('responseRows', args)) {
        count += 1;
        yield row;
      }
    },
    rowCount: () => count,
  };
  return {
    contentType: RESPONSE_EXPORTS[request.format].contentType,
    filename: `${data.filenameStem}.${request.format}`,
    auditFormat: `responses.${request.format}`,
    filter: {},
    write: (out) => RESPONSE_EXPORTS[request.format].write(source, out),
    rowCount: () => count,
  };
}
