import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/index.ts';
import {
  bulkRequestSchema,
  bulkResultSchema,
  hideRequestSchema,
  maskRequestSchema,
  moderationPageSchema,
  moderationQuerySchema,
  publicContributionSchema,
  reviewRequestSchema,
} from '../../../shared/api/moderation.ts';
import { keySchema, uuidSchema } from '../../../shared/domain-schemas.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { rebuildModel } from '../suggest/suggest.service.ts';
import { presentModerationItem, presentPublicContribution } from './moderation.presenter.ts';
import * as service from './moderation.service.ts';
import { readableFields, workingGroupContributions } from './working-group.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };
const RESULTS = { access: { roles: ['working_group', 'admin'] as const } };
const slugParams = z.strictObject({ slug: keySchema });
const itemParams = z.strictObject({ slug: keySchema, id: uuidSchema });

export function moderationRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/processes/:slug/moderation',
      { config: ADMIN, schema: { tags: ['moderation'], params: slugParams, querystring: moderationQuerySchema, response: { 200: moderationPageSchema } } },
      async (request) => {
        const queue = service.moderationQueue(db, getProcess(db, request.params.slug), request.query);
        return {
          items: queue.rows.map((row) => presentModerationItem(row, queue.tags.get(row.id) ?? [], queue.suggestions.get(row.id)!)),
          total: queue.total,
          counts: queue.counts,
        };
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/:id/review',
      { config: ADMIN, schema: { tags: ['moderation'], params: itemParams, body: reviewRequestSchema } },
      async (request, reply) => {
        service.review(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/:id/hide',
      { config: ADMIN, schema: { tags: ['moderation'], params: itemParams, body: hideRequestSchema } },
      async (request, reply) => {
        service.setHidden(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/:id/show',
      { config: ADMIN, schema: { tags: ['moderation'], params: itemParams, body: z.strictObject({ version: z.number().int().min(1) }) } },
      async (request, reply) => {
        service.setHidden(db, getProcess(db, request.params.slug), request.params.id, { version: request.body.version, reason: null }, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/:id/mask',
      { config: ADMIN, schema: { tags: ['moderation'], params: itemParams, body: maskRequestSchema } },
      async (request, reply) => {
        service.maskByHand(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/bulk',
      { config: ADMIN, schema: { tags: ['moderation'], params: slugParams, body: bulkRequestSchema, response: { 200: bulkResultSchema } } },
      async (request) => service.bulk(db, getProcess(db, request.params.slug), request.body, requireAuth(request).user.id),
    );

    app.post(
      '/api/admin/processes/:slug/suggest-model/rebuild',
      { config: ADMIN, schema: { tags: ['moderation'], params: slugParams, response: { 200: z.object({ examples: z.number().int() }) } } },
      async (request) => ({ examples: db.transaction((tx) => rebuildModel(tx, getProcess(db, request.params.slug))) }),
    );

    app.get(
      '/api/processes/:slug/contributions',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          params: slugParams,
          querystring: z.strictObject({ field: keySchema.optional() }),
          response: { 200: z.array(publicContributionSchema) },
        },
      },
      async (request) => {
        const process = getProcess(db, request.params.slug);
        const fields = readableFields(db, process, requireAuth(request).user, request.query.field);
        return workingGroupContributions(db, process, fields).map(({ row, area, fields: tagged }) => presentPublicContribution(row, area, tagged));
      },
    );
  };
}
