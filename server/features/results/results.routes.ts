import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import {
  aggregateQuerySchema,
  aggregateResultSchema,
  dotVoteBoardsSchema,
  exportParamsSchema,
  responseExportParamsSchema,
  resultsFilterSchema,
} from '../../../shared/api/results.ts';
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
      '/api/processes/:slug/dot-votes',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          description: 'The dot-vote boards of the market days with their counts: each market day\'s poster question, or the fields of action the caller may read.',
          params: slugParamsSchema,
          response: { 200: dotVoteBoardsSchema },
        },
      },
      async (request) => reads.call('dotVoteBoards', { process: getProcess(db, request.params.slug), user: requireAuth(request).user }),
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
