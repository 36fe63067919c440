import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { retentionPreviewSchema, retentionRunRequestSchema, retentionRunResultSchema } from '../../../shared/api/lifecycle.ts';
import { slugParamsSchema } from '../../../shared/api/processes.ts';
import { requireAuth } from '../../plugins/access.ts';
import { previewRetention, runRetention } from './lifecycle.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

/** The data's lifecycle per process: a dry run of the retention deletion, and the deletion itself. */
export function lifecycleRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/processes/:slug/retention',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, response: { 200: retentionPreviewSchema } } },
      async (request) => previewRetention(db, request.params.slug),
    );

    app.post(
      '/api/admin/processes/:slug/retention',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, body: retentionRunRequestSchema, response: { 200: retentionRunResultSchema } } },
      async (request) => runRetention(db, request.params.slug, request.body.expectedTotal, requireAuth(request).user.id),
    );
  };
}
