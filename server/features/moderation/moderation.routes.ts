import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import {
  bulkRequestSchema,
  contributionParamsSchema,
  bulkResultSchema,
  hideRequestSchema,
  maskRequestSchema,
  moderationPageSchema,
  modelRebuildResultSchema,
  moderationQuerySchema,
  publicContributionListSchema,
  publicContributionsQuerySchema,
  reviewRequestSchema,
  showRequestSchema,
} from '../../../shared/api/moderation.ts';
import { slugParamsSchema } from '../../../shared/api/processes.ts';
import { germanRenderingRequestSchema } from '../../../shared/api/quotes.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { rebuildModel } from '../suggest/suggest.service.ts';
import { presentModerationItem, presentPublicContribution } from './moderation.presenter.ts';
import * as service from './moderation.service.ts';
import { readableFields, workingGroupContributions } from './working-group.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };
const RESULTS = { access: { roles: ['working_group', 'admin'] as const } };

export function moderationRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/processes/:slug/moderation',
      { config: ADMIN, schema: { tags: ['moderation'], params: slugParamsSchema, querystring: moderationQuerySchema, response: { 200: moderationPageSchema } } },
      async (request) => {
        const queue = service.moderationQueue(db, getProcess(db, request.params.slug), request.query);
        return {
          items: queue.rows.map((row) => presentModerationItem(row, queue.tags.get(row.id) ?? [], queue.suggestions.get(row.id)!, queue.translations.get(row.id) ?? null)),
          total: queue.total,
          counts: queue.counts,
        };
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/:id/review',
      { config: ADMIN, schema: { tags: ['moderation'], params: contributionParamsSchema, body: reviewRequestSchema } },
      async (request, reply) => {
        service.review(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/:id/hide',
      { config: ADMIN, schema: { tags: ['moderation'], params: contributionParamsSchema, body: hideRequestSchema } },
      async (request, reply) => {
        service.setHidden(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/:id/show',
      { config: ADMIN, schema: { tags: ['moderation'], params: contributionParamsSchema, body: showRequestSchema } },
      async (request, reply) => {
        service.setHidden(db, getProcess(db, request.params.slug), request.params.id, { version: request.body.version, reason: null }, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/:id/mask',
      { config: ADMIN, schema: { tags: ['moderation'], params: contributionParamsSchema, body: maskRequestSchema } },
      async (request, reply) => {
        service.maskByHand(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/:id/german',
      {
        config: ADMIN,
        schema: {
          tags: ['moderation'],
          description: 'Stores a moderator\'s German rendering of a contribution in another language (null removes it); the original stays.',
          params: contributionParamsSchema,
          body: germanRenderingRequestSchema,
        },
      },
      async (request, reply) => {
        service.translate(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/processes/:slug/contributions/bulk',
      { config: ADMIN, schema: { tags: ['moderation'], params: slugParamsSchema, body: bulkRequestSchema, response: { 200: bulkResultSchema } } },
      async (request) => service.bulk(db, getProcess(db, request.params.slug), request.body, requireAuth(request).user.id),
    );

    app.post(
      '/api/admin/processes/:slug/suggest-model/rebuild',
      { config: ADMIN, schema: { tags: ['moderation'], params: slugParamsSchema, response: { 200: modelRebuildResultSchema } } },
      async (request) => ({ examples: db.transaction((tx) => rebuildModel(tx, getProcess(db, request.params.slug))) }),
    );

    app.get(
      '/api/processes/:slug/contributions',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          params: slugParamsSchema,
          querystring: publicContributionsQuerySchema,
          response: { 200: publicContributionListSchema },
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
