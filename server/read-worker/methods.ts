/**
 * What the read workers may run: plain functions `(db, args) => result` (calls) and
 * `(db, args) => Iterable<row>` (streams) over a read-only connection, with no Fastify in them.
 * Arguments and results are plain data (they cross threads by structured clone). A new heavy
 * read goes here and is called as `reads.call('name', args)` / `reads.stream('name', args)`.
 */
import type { Db } from '../../db/index.ts';
import type { CrosstabQuery, DotVoteQuery, QuestionResultsQuery } from '../../shared/api/question-results.ts';
import type { AggregateQuery } from '../../shared/api/results.ts';
import type { UserRow } from '../features/auth/auth.repo.ts';
import type { ProcessRow } from '../features/processes/processes.repo.ts';
import { conceptData } from '../features/concept/concept.data.ts';
import { participation } from '../features/participation/participation.service.ts';
import { exportCsv, exportPlan, exportRows, exportTables } from '../features/results/results.export-data.ts';
import { quoteExportCsv, quoteExportPlan, quoteExportRows } from '../features/results/quotes.export-data.ts';
import { responseData, responseRows } from '../features/results/results.response-data.ts';
import { crosstab, dotVotes, questionResults } from '../features/results/results.service.ts';
import { aggregates } from '../features/results/results.selection.ts';
import { snapshotFigures } from '../features/snapshots/snapshots.figures.ts';
import { posterPdf, questionnairePdf } from '../features/paper/paper.service.ts';

export const READ_CALLS = {
  aggregates: (db: Db, args: { process: ProcessRow; user: UserRow; query: AggregateQuery }) => aggregates(db, args.process, args.user, args.query),
  questionResults: (db: Db, args: { process: ProcessRow; user: UserRow; query: QuestionResultsQuery }) => questionResults(db, args.process, args.user, args.query),
  crosstab: (db: Db, args: { process: ProcessRow; user: UserRow; query: CrosstabQuery }) => crosstab(db, args.process, args.user, args.query),
  dotVotes: (db: Db, args: { process: ProcessRow; user: UserRow; query: DotVoteQuery }) => dotVotes(db, args.process, args.user, args.query),
  participation: (db: Db, args: { process: ProcessRow }) => participation(db, args.process),
  exportPlan,
  exportTables,
  quoteExportPlan,
  conceptData,
  responseData,
  snapshotFigures,
  // The PDFs of the survey on paper: laying out and shaping a few pages of text takes a while.
  questionnairePdf,
  posterPdf,
};

export const READ_STREAMS = {
  exportRows,
  exportCsv,
  quoteExportRows,
  quoteExportCsv,
  responseRows,
};

export type ReadCalls = typeof READ_CALLS;
export type ReadStreams = typeof READ_STREAMS;
