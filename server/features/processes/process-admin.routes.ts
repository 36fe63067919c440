import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import * as service from './process-admin.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

/** Setting up processes without a developer: create, change the structure, publish, archive, delete. */
export function processAdminRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/admin/processes'),
      config: ADMIN,
      handler: async (request) => service.listAdminProcesses(db, { awaitingReview: request.query.awaitingReview }),
    });

    app.route({
      ...contract('POST /api/admin/processes'),
      config: ADMIN,
      handler: async (request, reply) => {
        const { process, created } = service.createProcess(db, request.body, requireAuth(request).user.id);
        return reply.code(created ? 201 : 200).send(process);
      },
    });

    app.route({
      ...contract('GET /api/admin/processes/:slug'),
      config: ADMIN,
      handler: async (request) => service.getProcessForEditor(db, request.params.slug),
    });

    app.route({
      ...contract('PUT /api/admin/processes/:slug/structure'),
      config: ADMIN,
      handler: async (request) => service.updateStructure(db, request.params.slug, request.body, requireAuth(request).user.id, request.query.revision),
    });

    app.route({
      ...contract('PUT /api/admin/processes/:slug/status'),
      config: ADMIN,
      handler: async (request) => service.setStatus(db, request.params.slug, request.body.status, requireAuth(request).user.id),
    });

    app.route({
      ...contract('GET /api/admin/processes/:slug/deletion'),
      config: ADMIN,
      handler: async (request) => service.previewDeletion(db, request.params.slug),
    });

    app.route({
      ...contract('DELETE /api/admin/processes/:slug'),
      config: ADMIN,
      handler: async (request, reply) => {
        await service.deleteProcess(db, request.params.slug, request.body.confirmation, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });

    // The CSV is read, checked and returned as districts; the admin looks at them and saves them with the structure.
    app.register(async (plain) => {
      const csv = plain.withTypeProvider<ZodTypeProvider>();
      csv.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));
      csv.route({
        ...contract('POST /api/admin/stadtteile-csv'),
        config: ADMIN,
        handler: async (request) => ({ districts: service.parseStadtteileCsv(request.body) }),
      });
    });
  };
}
