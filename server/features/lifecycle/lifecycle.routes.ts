import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import { previewRetention, runRetention } from './lifecycle.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

/** The data's lifecycle per process: a dry run of the retention deletion, and the deletion itself. */
export function lifecycleRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/admin/processes/:slug/retention'),
      config: ADMIN,
      handler: async (request) => previewRetention(db, request.params.slug),
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/retention'),
      config: ADMIN,
      handler: async (request) => runRetention(db, request.params.slug, request.body.expectedTotal, requireAuth(request).user.id),
    });
  };
}
