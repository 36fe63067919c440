import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { aggregateQuerySchema, aggregateResultSchema, exportParamsSchema, resultsFilterSchema } from '../../../shared/api/results.ts';
import { crosstabQuerySchema, crosstabSchema, dotVoteQuerySchema, dotVotesSchema, questionResultsQuerySchema, questionResultsSchema } from '../../../shared/api/question-results.ts';
import { slugParamsSchema } from '../../../shared/api/processes.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { EXPORTS, streamExport } from './results.exports.ts';
import * as service from './results.service.ts';

const RESULTS = { access: { roles: ['working_group', 'admin'] as const } };

export function resultsRoutes(db: Db): FastifyPluginAsyncZod {
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
      async (request) => service.aggregates(db, getProcess(db, request.params.slug), requireAuth(request).user, request.query),
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
      async (request) => service.questionResults(db, getProcess(db, request.params.slug), requireAuth(request).user, request.query),
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
      async (request) => service.crosstab(db, getProcess(db, request.params.slug), requireAuth(request).user, request.query),
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
      async (request) => service.dotVotes(db, getProcess(db, request.params.slug), requireAuth(request).user, request.query),
    );

    app.get(
      '/api/processes/:slug/exports/:format',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          description: 'The contributions (masked, month only) and the suppressed counts as a download: CSV, XLSX, PDF or all three in a ZIP.',
          params: exportParamsSchema,
          querystring: resultsFilterSchema,
        },
      },
      async (request, reply) => {
        const { format } = request.params;
        const source = service.exportSource(db, getProcess(db, request.params.slug), requireAuth(request).user, request.query);
        return reply
          .header('content-type', EXPORTS[format].contentType)
          .header('content-disposition', `attachment; filename="${source.filename(format)}"`)
          .header('cache-control', 'no-store')
          .send(
            streamExport(format, source, {
              cancelled: () => request.log.info({ format }, 'export cancelled by the client'),
              failed: (error) => request.log.error({ err: error }, 'export failed midway'),
            }),
          );
      },
    );
  };
}
