import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { quotePage } from './quotes.service.ts';

/** Who reads quotes: the same as every other result. */
const RESULTS = { access: { roles: ['working_group', 'admin'] as const } };

export function quoteRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/processes/:slug/quotes'),
      config: RESULTS,
      handler: async (request) => quotePage(db, getProcess(db, request.params.slug), requireAuth(request).user, request.query),
    });
  };
}
