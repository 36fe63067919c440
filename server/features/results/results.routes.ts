import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { recordExport } from './results.audit.ts';
import { prepareExport, type ExportRequest } from './results.export-run.ts';
import { streamExport } from './results.exports.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import { presentPublicContribution } from './results.presenter.ts';
import { workingGroupContributions } from './working-group.service.ts';
import { placeNamer } from './place-names.ts';
import { resolveScope } from './results.service.ts';

const RESULTS = { access: { roles: ['working_group', 'admin'] as const } };

export function resultsRoutes(db: Db, reads: ReadPool): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/processes/:slug/contributions'),
      config: RESULTS,
      handler: async (request) => {
        const process = getProcess(db, request.params.slug);
        const scope = resolveScope(db, process, requireAuth(request).user, request.query.field ? { field: request.query.field } : {});
        return workingGroupContributions(db, process, scope.fields, placeNamer(db, scope)).map(({ row, area, fields: tagged }) => presentPublicContribution(row, area, tagged));
      },
    });

    app.route({
      ...contract('GET /api/processes/:slug/aggregates'),
      config: RESULTS,
      handler: async (request) => reads.call('aggregates', { process: getProcess(db, request.params.slug), user: requireAuth(request).user, query: request.query }),
    });

    app.route({
      ...contract('GET /api/processes/:slug/results/questions'),
      config: RESULTS,
      handler: async (request) => reads.call('questionResults', { process: getProcess(db, request.params.slug), user: requireAuth(request).user, query: request.query }),
    });

    app.route({
      ...contract('GET /api/processes/:slug/results/crosstab'),
      config: RESULTS,
      handler: async (request) => reads.call('crosstab', { process: getProcess(db, request.params.slug), user: requireAuth(request).user, query: request.query }),
    });

    app.route({
      ...contract('GET /api/processes/:slug/dot-votes'),
      config: RESULTS,
      handler: async (request) => reads.call('dotVotes', { process: getProcess(db, request.params.slug), user: requireAuth(request).user, query: request.query }),
    });

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

    app.route({
      ...contract('GET /api/processes/:slug/exports/:format'),
      config: RESULTS,
      handler: async (request, reply) => download(request, reply, request.params.slug, { table: 'results', format: request.params.format, filter: request.query }),
    });

    app.route({
      ...contract('GET /api/processes/:slug/exports/quotes/:format'),
      config: RESULTS,
      handler: async (request, reply) => download(request, reply, request.params.slug, { table: 'quotes', format: request.params.format, query: request.query }),
    });

    app.route({
      ...contract('GET /api/processes/:slug/exports/responses/:format'),
      config: { access: { roles: ['admin'] as const } },
      handler: async (request, reply) => download(request, reply, request.params.slug, { table: 'responses', format: request.params.format }),
    });
  };
}
