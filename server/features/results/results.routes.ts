import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { aggregateQuerySchema, aggregateResultSchema, exportParamsSchema, responseExportParamsSchema, resultsFilterSchema } from '../../../shared/api/results.ts';
import { crosstabQuerySchema, crosstabSchema, dotVoteQuerySchema, dotVotesSchema, questionResultsQuerySchema, questionResultsSchema } from '../../../shared/api/question-results.ts';
import { slugParamsSchema } from '../../../shared/api/processes.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { recordExport } from './results.audit.ts';
import { prepareExport, type ExportRequest } from './results.export-run.ts';
import { streamExport } from './results.exports.ts';
import type { ReadPool } from '../../read-worker/pool.ts';

const RESULTS = { access: { roles: ['working_group', 'admin'] as const } };

export function resultsRoutes(db: Db, reads: ReadPool): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/processes/:slug/aggregates',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          description: 'Counts of contributions and questionnaires for the caller\'s fields of action; counts under the threshold come back suppressed.',
          params: slugParamsSchema,
          querystring: aggregateQuerySchema,
          response: { 200: aggregateResultSchema },
        },
      },
      async (request) => reads.call('aggregates', { process: getProcess(db, request.params.slug), user: requireAuth(request).user, query: request.query }),
    );

    app.get(
      '/api/processes/:slug/results/questions',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          description:
            'The figures of every closed survey question the caller may read (a working group: its fields\' questions and those of no field), filtered; suppressed under the threshold with secondary suppression. A filter leaving or leaving out fewer respondents than the threshold is a 422.',
          params: slugParamsSchema,
          querystring: questionResultsQuerySchema,
          response: { 200: questionResultsSchema },
        },
      },
      async (request) => reads.call('questionResults', { process: getProcess(db, request.params.slug), user: requireAuth(request).user, query: request.query }),
    );

    app.get(
      '/api/processes/:slug/results/crosstab',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          description: 'A closed question broken down by district, Stadtteil, channel, language or another closed question, with row and column totals, suppressed the same way.',
          params: slugParamsSchema,
          querystring: crosstabQuerySchema,
          response: { 200: crosstabSchema },
        },
      },
      async (request) => reads.call('crosstab', { process: getProcess(db, request.params.slug), user: requireAuth(request).user, query: request.query }),
    );

    app.get(
      '/api/processes/:slug/dot-votes',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          description: 'The dot votes of the market days per option, and the fields-of-action boards by field and Stadtteil, with totals; suppressed under the threshold like every count.',
          params: slugParamsSchema,
          querystring: dotVoteQuerySchema,
          response: { 200: dotVotesSchema },
        },
      },
      async (request) => reads.call('dotVotes', { process: getProcess(db, request.params.slug), user: requireAuth(request).user, query: request.query }),
    );

    /** Streams an export with its hash and writes its audit row when it ends, finished or not. */
    const download = async (request: FastifyRequest, reply: FastifyReply, slug: string, exportRequest: ExportRequest) => {
      const process = getProcess(db, slug);
      const { user } = requireAuth(request);
      const prepared = await prepareExport(reads, process, user, exportRequest);
      const format = prepared.auditFormat;
      return reply
        .header('content-type', prepared.contentType)
        .header('content-disposition', `attachment; filename="${prepared.filename}"`)
        .header('cache-control', 'no-store')
        .send(
          streamExport(prepared.write, {
            cancelled: () => request.log.info({ format }, 'export cancelled by the client'),
            failed: (error) => request.log.error({ err: error }, 'export failed midway'),
            ended: (outcome) =>
              recordExport(db, {
                userId: user.id,
                username: user.username,
                processId: process.id,
                via: 'web',
                format,
                filename: prepared.filename,
                filter: prepared.filter,
                rows: prepared.rowCount(),
                ...outcome,
              }),
          }),
        );
    };

    app.get(
      '/api/processes/:slug/exports/:format',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          description:
            'The contributions (masked, month only) and the suppressed tables as a download: CSV (the contributions), XLSX (a sheet per table), PDF (a report), or a ZIP with a CSV per table, a README, the XLSX and the PDF. Each download is written to the audit log with its SHA-256.',
          params: exportParamsSchema,
          querystring: resultsFilterSchema,
        },
      },
      async (request, reply) => download(request, reply, request.params.slug, { table: 'results', format: request.params.format, filter: request.query }),
    );

    app.get(
      '/api/processes/:slug/exports/responses/:format',
      {
        config: { access: { roles: ['admin'] as const } },
        schema: {
          tags: ['results'],
          description: 'Admins only: one row per survey response, one column per closed question (multiple choice as 0/1 columns), with a codebook; a workbook or a ZIP of CSVs.',
          params: responseExportParamsSchema,
        },
      },
      async (request, reply) => download(request, reply, request.params.slug, { table: 'responses', format: request.params.format }),
    );
  };
}
