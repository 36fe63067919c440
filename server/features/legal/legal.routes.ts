import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getLegalSettings, saveLegalSettings } from './legal.service.ts';

/** The legal details: read by everyone (the Impressum, Datenschutz and Barrierefreiheit pages), saved by admins. */
export function legalRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/legal'),
      config: { access: 'public' },
      handler: async () => getLegalSettings(db),
    });

    app.route({
      ...contract('PUT /api/admin/legal'),
      config: { access: { roles: ['admin'] as const } },
      handler: async (request) => saveLegalSettings(db, request.body, requireAuth(request).user.id),
    });
  };
}
