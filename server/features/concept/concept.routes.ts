import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import { getProcess } from '../processes/processes.service.ts';
import { buildConcept, CONCEPT_CONTENT_TYPE, recordConcept } from './concept.service.ts';

export function conceptRoutes(db: Db, reads: ReadPool): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/admin/processes/:slug/concept'),
      config: { access: { roles: ['admin'] as const } },
      handler: async (request, reply) => {
        const process = getProcess(db, request.params.slug);
        const { user } = requireAuth(request);
        const concept = await buildConcept(reads, process, user);
        recordConcept(db, process, user, 'web', concept);
        return reply
          .header('content-type', CONCEPT_CONTENT_TYPE)
          .header('content-disposition', `attachment; filename="${concept.filename}"`)
          .header('cache-control', 'no-store')
          .send(concept.bytes);
      },
    });
  };
}
