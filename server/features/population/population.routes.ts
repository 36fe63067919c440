import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import { importPopulation, listPopulation } from './population.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

export function populationRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/admin/processes/:slug/population'),
      config: ADMIN,
      handler: async (request) => listPopulation(db, request.params.slug),
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/population'),
      config: ADMIN,
      handler: async (request) => importPopulation(db, request.params.slug, request.body, requireAuth(request).user.id),
    });
  };
}
