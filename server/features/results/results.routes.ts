import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { EXPORTS, streamExport } from './results.exports.ts';
import { presentPublicContribution } from './results.presenter.ts';
import * as service from './results.service.ts';
import { readableFields, workingGroupContributions } from './working-group.service.ts';

const RESULTS = { access: { roles: ['working_group', 'admin'] as const } };

export function resultsRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/processes/:slug/contributions'),
      config: RESULTS,
      handler: async (request) => {
        const process = getProcess(db, request.params.slug);
        const fields = readableFields(db, process, requireAuth(request).user, request.query.field);
        return workingGroupContributions(db, process, fields).map(({ row, area, fields: tagged }) => presentPublicContribution(row, area, tagged));
      },
    });

    app.route({
      ...contract('GET /api/processes/:slug/aggregates'),
      config: RESULTS,
      handler: async (request) => service.aggregates(db, getProcess(db, request.params.slug), requireAuth(request).user, request.query),
    });

    app.route({
      ...contract('GET /api/processes/:slug/dot-votes'),
      config: RESULTS,
      handler: async (request) => service.dotVoteBoards(db, getProcess(db, request.params.slug), requireAuth(request).user),
    });

    app.route({
      ...contract('GET /api/processes/:slug/exports/:format'),
      config: RESULTS,
      handler: async (request, reply) => {
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
    });
  };
}
