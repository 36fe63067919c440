import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import {
  adminProcessListSchema,
  adminProcessSchema,
  createProcessRequestSchema,
  processStatusRequestSchema,
  processStructureSchema,
  stadtteileCsvResultSchema,
} from '../../../shared/api/process-admin.ts';
import { slugParamsSchema } from '../../../shared/api/processes.ts';
import { requireAuth } from '../../plugins/access.ts';
import * as service from './process-admin.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

/** Setting up processes without a developer: create, change the structure, publish, archive. */
export function processAdminRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/admin/processes', { config: ADMIN, schema: { tags: ['admin'], response: { 200: adminProcessListSchema } } }, async () => service.listAdminProcesses(db));

    app.post(
      '/api/admin/processes',
      { config: ADMIN, schema: { tags: ['admin'], body: createProcessRequestSchema, response: { 200: adminProcessSchema, 201: adminProcessSchema } } },
      async (request, reply) => {
        const { process, created } = service.createProcess(db, request.body, requireAuth(request).user.id);
        return reply.code(created ? 201 : 200).send(process);
      },
    );

    app.get(
      '/api/admin/processes/:slug',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, response: { 200: adminProcessSchema } } },
      async (request) => service.getAdminProcess(db, request.params.slug),
    );

    app.put(
      '/api/admin/processes/:slug/structure',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, body: processStructureSchema, response: { 200: adminProcessSchema } } },
      async (request) => service.updateStructure(db, request.params.slug, request.body, requireAuth(request).user.id),
    );

    app.put(
      '/api/admin/processes/:slug/status',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, body: processStatusRequestSchema, response: { 200: adminProcessSchema } } },
      async (request) => service.setStatus(db, request.params.slug, request.body.status, requireAuth(request).user.id),
    );

    // The CSV is read, checked and returned as districts; the admin looks at them and saves them with the structure.
    app.register(async (csv) => {
      csv.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));
      csv.post(
        '/api/admin/stadtteile-csv',
        { config: ADMIN, schema: { tags: ['admin'], response: { 200: stadtteileCsvResultSchema } } },
        async (request) => ({ districts: service.parseStadtteileCsv(String(request.body ?? '')) }),
      );
    });
  };
}
